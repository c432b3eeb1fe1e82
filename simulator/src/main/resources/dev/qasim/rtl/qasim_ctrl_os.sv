// The fold controller of an output-stationary array. The layer's program is latched at start (qasim_program).
// Every fold pops T = K stream vectors (R data values and C L weights each), one a cycle; values of rows and
// slots outside the layer are masked to zero. A fold's stream starts, as in qasim's register-level model, once
// the previous fold's stream has ended (overlapped folds, OVERLAP = 1) or in the cycle after the previous
// fold's last step at PE(R-1, C-1) (back to back, OVERLAP = 0). It moves when ce is high (tied high: every cycle).
module qasim_ctrl_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int OVERLAP = 1
) (
    input  logic           clk,
    input  logic           rst_n,
    input  logic           ce,
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
    logic [31:0] t;
    logic [31:0] folds;
    logic [31:0] row_folds;
    logic [31:0] col_folds;
    logic [R-1:0] row_live;
    logic [C*L-1:0] slot_live;
    logic        running;
    logic [31:0] folds_done;
    logic        str_start;
    logic [31:0] s_started;
    logic        s_active;
    logic [31:0] s_step;
    logic        s_last;
    logic        s_row_last;
    logic        s_col_last;
    logic [31:0] unused_row_fold;

    qasim_program #(.R(R), .C(C), .L(L), .DEPTH(0)) u_program (
        .clk(clk), .rst_n(rst_n), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .fold_done(fold_done), .t(t), .folds(folds), .row_folds(row_folds),
        .col_folds(col_folds), .x_signed(x_signed), .row_live(row_live), .slot_live(slot_live), .running(running),
        .folds_done(folds_done), .busy(busy), .done(done), .error(error));
    qasim_fold_walker u_stream (
        .clk(clk), .rst_n(rst_n), .restart(start), .ce(ce), .begin_fold(str_start), .length(t), .row_folds(row_folds),
        .col_folds(col_folds), .pop(str_pop), .index(s_step), .last(s_last), .active(s_active), .started(s_started),
        .row_fold(unused_row_fold), .row_last(s_row_last), .col_last(s_col_last));

    assign str_start = running && !halt && !s_active && s_started < folds
            && (s_started == 0 || OVERLAP != 0 || folds_done >= s_started);
    assign str_flags = {s_last, s_step == 0, str_pop};

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign row_mask[r] = !s_row_last || row_live[r];
        end
        for (genvar j = 0; j < C * L; j++) begin : g_slot
            assign slot_mask[j] = !s_col_last || slot_live[j];
        end
    endgenerate
endmodule
