// The fold controller of a ws/is array. A layer is programmed at start (all counts 32 bits):
//   cfg_t          T, the stream elements of a fold
//   cfg_folds      the layer's folds (groups x column folds x row folds, row folds innermost)
//   cfg_row_folds  FR, cfg_col_folds FC
//   cfg_rows_last  rows holding work in the last row fold (1..R), cfg_slots_last column slots in the last
//                  column fold (1..C L)
// Every fold pops R preload vectors (row R-1 first: entry e is meant for row R-1-e) and T stream vectors from
// the operand buffers, one a cycle; values of rows and slots outside the layer are masked to zero.
// Handshakes, as in qasim's register-level model:
//   - a fold's stream starts once its whole preload has been popped and the previous fold's stream has ended;
//   - the next fold's preload starts with overlapped folds (OVERLAP = 1) in the cycle the current fold's stream
//     starts, back to back (OVERLAP = 0) in the cycle after the current fold's last step at PE(R-1, C-1).
// error: the program cannot run (a count is zero or out of range, or T exceeds the partial-sum buffer's DEPTH
// while the layer has more than one row fold); nothing starts.
module qasim_ctrl_stationary #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int OVERLAP = 1,
    parameter int DEPTH = 1024,
    parameter int RW = 1
) (
    input  logic          clk,
    input  logic          rst_n,
    input  logic          start,
    input  logic [31:0]   cfg_t,
    input  logic [31:0]   cfg_folds,
    input  logic [31:0]   cfg_row_folds,
    input  logic [31:0]   cfg_col_folds,
    input  logic [31:0]   cfg_rows_last,
    input  logic [31:0]   cfg_slots_last,
    input  logic          cfg_data_signed,
    input  logic          fold_done,
    input  logic          halt,
    output logic          busy,
    output logic          done,
    output logic          error,
    output logic          x_signed,
    output logic [C*L-1:0] slot_live,
    output logic          pre_pop,
    output logic [RW-1:0] pre_dest,
    output logic [C*L-1:0] pre_mask,
    output logic          str_pop,
    output logic [5:0]    str_flags,
    output logic [R-1:0]  str_mask
);
    logic [31:0] t_q;
    logic [31:0] folds_q;
    logic [31:0] row_folds_q;
    logic [31:0] col_folds_q;
    logic [31:0] rows_last_q;
    logic [31:0] slots_last_q;
    logic        signed_q;
    logic        running_q;
    logic        error_q;
    logic [31:0] folds_done_q;
    // preload side: the fold being preloaded (or the next), its entry, its row and column fold
    logic [31:0] p_started_q;
    logic        p_active_q;
    logic [31:0] p_entry_q;
    logic [31:0] p_rf_q;
    logic [31:0] p_cf_q;
    // stream side
    logic [31:0] s_started_q;
    logic        s_active_q;
    logic [31:0] s_step_q;
    logic [31:0] s_rf_q;
    logic [31:0] s_cf_q;

    logic        bad;
    logic [31:0] p_complete;
    logic        str_start;
    logic        pre_start;
    logic [31:0] s_started_now;
    logic [31:0] p_entry;
    logic [31:0] s_step;
    logic [31:0] dest_row;
    logic        pre_row_real;
    logic        p_col_last;
    logic        s_row_last;
    logic        s_col_last;
    logic        s_last;
    logic        p_last;

    assign bad = cfg_t == 0 || cfg_folds == 0 || cfg_row_folds == 0 || cfg_col_folds == 0 || cfg_rows_last == 0
            || cfg_rows_last > 32'(R) || cfg_slots_last == 0 || cfg_slots_last > 32'(C * L)
            || (cfg_row_folds > 1 && cfg_t > 32'(DEPTH));

    assign p_complete = p_started_q - (p_active_q ? 32'd1 : 32'd0);
    assign str_start = running_q && !halt && !s_active_q && s_started_q < p_complete;
    assign s_started_now = s_started_q + (str_start ? 32'd1 : 32'd0);
    assign pre_start = running_q && !halt && !p_active_q && p_started_q < folds_q
            && (p_started_q == 0 || (OVERLAP != 0 ? s_started_now >= p_started_q : folds_done_q >= p_started_q));

    // preload: entry e of the fold goes to row R-1-e
    assign pre_pop = p_active_q || pre_start;
    assign p_entry = pre_start ? 32'd0 : p_entry_q;
    assign dest_row = 32'(R - 1) - p_entry;
    assign pre_dest = dest_row[RW-1:0];
    assign p_last = p_entry == 32'(R - 1);
    assign p_col_last = p_cf_q == col_folds_q - 1;
    assign pre_row_real = p_rf_q != row_folds_q - 1 || dest_row < rows_last_q;

    // stream: step t of the fold, the same flags for every row
    assign str_pop = s_active_q || str_start;
    assign s_step = str_start ? 32'd0 : s_step_q;
    assign s_last = s_step == t_q - 1;
    assign s_row_last = s_rf_q == row_folds_q - 1;
    assign s_col_last = s_cf_q == col_folds_q - 1;
    assign str_flags = {s_col_last, s_row_last, s_rf_q != 0, s_last, s_step == 0, str_pop};

    generate
        for (genvar j = 0; j < C * L; j++) begin : g_slot
            assign slot_live[j] = 32'(j) < slots_last_q;
            assign pre_mask[j] = pre_row_real && (!p_col_last || slot_live[j]);
        end
        for (genvar r = 0; r < R; r++) begin : g_row
            assign str_mask[r] = !s_row_last || 32'(r) < rows_last_q;
        end
    endgenerate

    assign x_signed = signed_q;
    assign busy = running_q && folds_done_q != folds_q;
    assign done = running_q && folds_done_q == folds_q;
    assign error = error_q;

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            running_q <= 1'b0;
            error_q <= 1'b0;
            p_active_q <= 1'b0;
            s_active_q <= 1'b0;
        end else if (start) begin
            t_q <= cfg_t;
            folds_q <= cfg_folds;
            row_folds_q <= cfg_row_folds;
            col_folds_q <= cfg_col_folds;
            rows_last_q <= cfg_rows_last;
            slots_last_q <= cfg_slots_last;
            signed_q <= cfg_data_signed;
            running_q <= !bad;
            error_q <= bad;
            folds_done_q <= '0;
            p_started_q <= '0;
            p_active_q <= 1'b0;
            p_entry_q <= '0;
            p_rf_q <= '0;
            p_cf_q <= '0;
            s_started_q <= '0;
            s_active_q <= 1'b0;
            s_step_q <= '0;
            s_rf_q <= '0;
            s_cf_q <= '0;
        end else begin
            if (fold_done) begin
                folds_done_q <= folds_done_q + 1;
            end
            if (pre_start) begin
                p_started_q <= p_started_q + 1;
            end
            if (pre_pop) begin
                p_active_q <= !p_last;
                p_entry_q <= p_last ? 32'd0 : p_entry + 1;
                if (p_last) begin
                    p_rf_q <= p_rf_q == row_folds_q - 1 ? 32'd0 : p_rf_q + 1;
                    if (p_rf_q == row_folds_q - 1) begin
                        p_cf_q <= p_col_last ? 32'd0 : p_cf_q + 1;
                    end
                end
            end
            s_started_q <= s_started_now;
            if (str_pop) begin
                s_active_q <= !s_last;
                s_step_q <= s_last ? 32'd0 : s_step + 1;
                if (s_last) begin
                    s_rf_q <= s_row_last ? 32'd0 : s_rf_q + 1;
                    if (s_row_last) begin
                        s_cf_q <= s_col_last ? 32'd0 : s_cf_q + 1;
                    end
                end
            end
        end
    end
endmodule
