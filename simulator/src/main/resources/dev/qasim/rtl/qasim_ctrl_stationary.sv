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

    logic        bad;
    logic        str_start;
    logic        pre_start;
    // the preload side: the fold being preloaded (or the next), its entry, its row and column fold
    logic [31:0] p_started;
    logic        p_active;
    logic [31:0] p_entry;
    logic        p_row_last;
    logic        p_col_last;
    logic [31:0] unused_p_row_fold;
    logic        unused_p_last;
    // the stream side
    logic [31:0] s_started;
    logic        s_active;
    logic [31:0] s_step;
    logic [31:0] s_row_fold;
    logic        s_row_last;
    logic        s_col_last;
    logic        s_last;
    logic [31:0] p_complete;
    logic [31:0] s_started_now;
    logic [31:0] dest_row;
    logic        pre_row_real;

    assign bad = cfg_t == 0 || cfg_folds == 0 || cfg_row_folds == 0 || cfg_col_folds == 0 || cfg_rows_last == 0
            || cfg_rows_last > 32'(R) || cfg_slots_last == 0 || cfg_slots_last > 32'(C * L)
            || (cfg_row_folds > 1 && cfg_t > 32'(DEPTH));

    qasim_fold_walker u_preload (
        .clk(clk), .rst_n(rst_n), .restart(start), .begin_fold(pre_start), .length(32'(R)), .row_folds(row_folds_q),
        .col_folds(col_folds_q), .pop(pre_pop), .index(p_entry), .last(unused_p_last), .active(p_active),
        .started(p_started), .row_fold(unused_p_row_fold), .row_last(p_row_last), .col_last(p_col_last));
    qasim_fold_walker u_stream (
        .clk(clk), .rst_n(rst_n), .restart(start), .begin_fold(str_start), .length(t_q), .row_folds(row_folds_q),
        .col_folds(col_folds_q), .pop(str_pop), .index(s_step), .last(s_last), .active(s_active), .started(s_started),
        .row_fold(s_row_fold), .row_last(s_row_last), .col_last(s_col_last));

    assign p_complete = p_started - (p_active ? 32'd1 : 32'd0);
    assign str_start = running_q && !halt && !s_active && s_started < p_complete;
    assign s_started_now = s_started + (str_start ? 32'd1 : 32'd0);
    assign pre_start = running_q && !halt && !p_active && p_started < folds_q
            && (p_started == 0 || (OVERLAP != 0 ? s_started_now >= p_started : folds_done_q >= p_started));

    // preload: entry e of the fold goes to row R-1-e
    assign dest_row = 32'(R - 1) - p_entry;
    assign pre_dest = dest_row[RW-1:0];
    assign pre_row_real = !p_row_last || dest_row < rows_last_q;

    // stream: step t of the fold, the same flags for every row
    assign str_flags = {s_col_last, s_row_last, s_row_fold != 0, s_last, s_step == 0, str_pop};

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
        end else if (fold_done) begin
            folds_done_q <= folds_done_q + 1;
        end
    end
endmodule
