// The fold controller of a ws/is array. The layer's program is latched at start (qasim_program). Every fold
// pops R preload vectors (row R-1 first: entry e is meant for row R-1-e) and T stream vectors from the operand
// buffers, one a cycle; values of rows and slots outside the layer are masked to zero.
// Handshakes, as in qasim's register-level model:
//   - a fold's stream starts once its whole preload has been popped and the previous fold's stream has ended;
//   - the next fold's preload starts with overlapped folds (OVERLAP = 1) in the cycle the current fold's stream
//     starts, back to back (OVERLAP = 0) in the cycle after the current fold's last step at PE(R-1, C-1).
// It moves when ce is high: every cycle in a MAC array; at the end of each beat in a term-serial array, whose
// "cycle" above is a beat.
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
    input  logic          ce,
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
    logic [31:0] t;
    logic [31:0] folds;
    logic [31:0] row_folds;
    logic [31:0] col_folds;
    logic [R-1:0] row_live;
    logic        running;
    logic [31:0] folds_done;
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
    logic        pre_row_real;

    qasim_program #(.R(R), .C(C), .L(L), .DEPTH(DEPTH)) u_program (
        .clk(clk), .rst_n(rst_n), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .fold_done(fold_done), .t(t), .folds(folds), .row_folds(row_folds),
        .col_folds(col_folds), .x_signed(x_signed), .row_live(row_live), .slot_live(slot_live), .running(running),
        .folds_done(folds_done), .busy(busy), .done(done), .error(error));
    qasim_fold_walker u_preload (
        .clk(clk), .rst_n(rst_n), .restart(start), .ce(ce), .begin_fold(pre_start), .length(32'(R)), .row_folds(row_folds),
        .col_folds(col_folds), .pop(pre_pop), .index(p_entry), .last(unused_p_last), .active(p_active),
        .started(p_started), .row_fold(unused_p_row_fold), .row_last(p_row_last), .col_last(p_col_last));
    qasim_fold_walker u_stream (
        .clk(clk), .rst_n(rst_n), .restart(start), .ce(ce), .begin_fold(str_start), .length(t), .row_folds(row_folds),
        .col_folds(col_folds), .pop(str_pop), .index(s_step), .last(s_last), .active(s_active), .started(s_started),
        .row_fold(s_row_fold), .row_last(s_row_last), .col_last(s_col_last));

    assign p_complete = p_started - (p_active ? 32'd1 : 32'd0);
    assign str_start = running && !halt && !s_active && s_started < p_complete;
    assign s_started_now = s_started + (str_start ? 32'd1 : 32'd0);
    assign pre_start = running && !halt && !p_active && p_started < folds
            && (p_started == 0 || (OVERLAP != 0 ? s_started_now >= p_started : folds_done >= p_started));

    // preload: entry e of the fold goes to row R-1-e
    assign pre_dest = RW'(32'(R - 1) - p_entry);
    assign pre_row_real = !p_row_last || row_live[pre_dest];

    // stream: step t of the fold, the same flags for every row
    assign str_flags = {s_col_last, s_row_last, s_row_fold != 0, s_last, s_step == 0, str_pop};

    generate
        for (genvar j = 0; j < C * L; j++) begin : g_slot
            assign pre_mask[j] = pre_row_real && (!p_col_last || slot_live[j]);
        end
        for (genvar r = 0; r < R; r++) begin : g_row
            assign str_mask[r] = !s_row_last || row_live[r];
        end
    endgenerate
endmodule
