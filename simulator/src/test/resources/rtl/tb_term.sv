// Co-simulation wrapper (qasim's tests, not part of a design): the generated qasim_top of a term-serial ws
// (WS = 1) or is (WS = 0) array, with the values at its array's edges brought out for the testbench (tb.cpp):
// the terms entering each row (ws: encoded data, is: weight terms) and each column (ws: weight terms, is:
// encoded data), the partial sums at the top and bottom. The parameters must equal the design's; the harness
// passes them with -G (EW: exponent bits, WB: a weight term's bits).
module tb_term #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int RW = 2,
    parameter int EW = 4,
    parameter int WB = 9,
    parameter int WS = 1
) (
    input  logic                  clk,
    input  logic                  rst_n,
    input  logic                  start,
    input  logic [31:0]           cfg_t,
    input  logic [31:0]           cfg_folds,
    input  logic [31:0]           cfg_row_folds,
    input  logic [31:0]           cfg_col_folds,
    input  logic [31:0]           cfg_rows_last,
    input  logic [31:0]           cfg_slots_last,
    input  logic                  cfg_data_signed,
    output logic                  busy,
    output logic                  done,
    output logic                  error,
    output logic                  overflowed,
    output logic                  trapped,
    output logic                  pre_pop,
    input  logic [C*(WS != 0 ? K*WB : G*MB)-1:0] pre_vec,
    output logic                  str_pop,
    input  logic [R*(WS != 0 ? G*MB : K*WB)-1:0] str_vec,
    output logic [C-1:0]          out_valid,
    output logic [C*P-1:0]        out_data,
    output logic [R*C-1:0]        ovf,
    output logic                  beat_first,
    output logic                  pair_first,
    output logic [R*(WS != 0 ? G*S*(2+EW) : K*WB)-1:0] obs_stream,
    output logic [R*6-1:0]        obs_stream_flags,
    output logic [C*(WS != 0 ? K*WB : G*S*(2+EW))-1:0] obs_pre,
    output logic [C-1:0]          obs_pre_valid,
    output logic [C*RW-1:0]       obs_pre_dest,
    output logic [C*P-1:0]        obs_psum_top,
    output logic [C-1:0]          obs_top_valid,
    output logic [C*P-1:0]        obs_psum_bottom,
    output logic [C-1:0]          obs_bottom_valid
);
    qasim_top dut (
        .clk(clk), .rst_n(rst_n), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .busy(busy), .done(done), .error(error), .overflowed(overflowed),
        .trapped(trapped), .pre_pop(pre_pop), .pre_vec(pre_vec), .str_pop(str_pop), .str_vec(str_vec),
        .out_valid(out_valid), .out_data(out_data), .ovf(ovf), .beat_first(beat_first), .pair_first(pair_first));

    assign obs_stream = dut.u_core.s_edge;
    assign obs_stream_flags = dut.u_core.s_edge_flags;
    assign obs_pre = dut.u_core.pre_edge;
    assign obs_pre_valid = dut.u_core.pre_edge_valid;
    assign obs_pre_dest = dut.u_core.pre_edge_dest;
    assign obs_psum_top = dut.u_core.psum_top;
    assign obs_top_valid = dut.u_core.top_valid;
    assign obs_psum_bottom = dut.u_core.psum_bottom;
    assign obs_bottom_valid = dut.u_core.bottom_valid;
endmodule
