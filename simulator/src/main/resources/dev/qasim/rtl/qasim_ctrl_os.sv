// The fold controller of an output-stationary array. A layer is programmed at start (all counts 32 bits):
//   cfg_t          T = K, the data and weight elements of a fold (one output's reduction)
//   cfg_folds      the layer's folds (groups x column folds x row folds, row folds innermost)
//   cfg_row_folds  FR, cfg_col_folds FC
//   cfg_rows_last  rows holding work in the last row fold (1..R), cfg_slots_last column slots in the last
//                  column fold (1..C L)
// Every fold pops T stream vectors (R data values and C L weights each), one a cycle; values of rows and
// slots outside the layer are masked to zero. A fold's stream starts, as in qasim's register-level model,
// once the previous fold's stream has ended (overlapped folds, OVERLAP = 1) or in the cycle after the previous
// fold's last step at PE(R-1, C-1) (back to back, OVERLAP = 0).
// error: the program cannot run (a count is zero or out of range); nothing starts.
module qasim_ctrl_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int OVERLAP = 1
) (
    input  logic           clk,
    input  logic           rst_n,
    input  logic           start,
    input  logic [31:0]    cfg_t,
    input  logic [31:0]    cfg_folds,
    input  logic [31:0]    cfg_row_folds,
    input  logic [31:0]    cfg_col_folds,
    input  logic [31:0]    cfg_rows_last,
    input  logic [31:0]    cfg_slots_last,
    input  logic           cfg_data_signed,
    input  logic           fold_done,
    input  logic           halt,
    output logic           busy,
    output logic           done,
    output logic           error,
    output logic           x_signed,
    output logic           str_pop,
    output logic [2:0]     str_flags,
    output logic [R-1:0]   row_mask,
    output logic [C*L-1:0] slot_mask
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
    logic [31:0] s_started;
    logic        s_active;
    logic [31:0] s_step;
    logic        s_last;
    logic        s_row_last;
    logic        s_col_last;
    logic [31:0] unused_row_fold;

    assign bad = cfg_t == 0 || cfg_folds == 0 || cfg_row_folds == 0 || cfg_col_folds == 0 || cfg_rows_last == 0
            || cfg_rows_last > 32'(R) || cfg_slots_last == 0 || cfg_slots_last > 32'(C * L);

    qasim_fold_walker u_stream (
        .clk(clk), .rst_n(rst_n), .restart(start), .begin_fold(str_start), .length(t_q), .row_folds(row_folds_q),
        .col_folds(col_folds_q), .pop(str_pop), .index(s_step), .last(s_last), .active(s_active), .started(s_started),
        .row_fold(unused_row_fold), .row_last(s_row_last), .col_last(s_col_last));

    assign str_start = running_q && !halt && !s_active && s_started < folds_q
            && (s_started == 0 || OVERLAP != 0 || folds_done_q >= s_started);
    assign str_flags = {s_last, s_step == 0, str_pop};

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign row_mask[r] = !s_row_last || 32'(r) < rows_last_q;
        end
        for (genvar j = 0; j < C * L; j++) begin : g_slot
            assign slot_mask[j] = !s_col_last || 32'(j) < slots_last_q;
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
