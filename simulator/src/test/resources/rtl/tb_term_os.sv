// Co-simulation wrapper (qasim's tests, not part of a design): the generated qasim_top of a term-serial os
// array, with the values at its array's edges brought out for the testbench (tb.cpp): the encoded data terms
// entering each row, the weight terms entering each column. The parameters must equal the design's; the
// harness passes them with -G (EW: exponent bits, WB: a weight term's bits).
module tb_term_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int EW = 4,
    parameter int WB = 9
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
    output logic                  str_pop,
    input  logic [R*G*MB-1:0]     str_vec,
    input  logic [C*K*WB-1:0]     w_vec,
    output logic [R*C-1:0]        out_valid,
    output logic [R*C*P-1:0]      out_data,
    output logic [R*C-1:0]        ovf,
    output logic                  beat_first,
    output logic                  pair_first,
    output logic [R*G*S*(2+EW)-1:0] obs_stream,
    output logic [R*4-1:0]        obs_stream_flags,
    output logic [C*K*WB-1:0]     obs_weights,
    output logic [R*C*4-1:0]      obs_pe_flags
);
    qasim_top dut (
        .clk(clk), .rst_n(rst_n), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .busy(busy), .done(done), .error(error), .overflowed(overflowed),
        .trapped(trapped), .str_pop(str_pop), .str_vec(str_vec), .w_vec(w_vec), .out_valid(out_valid),
        .out_data(out_data), .ovf(ovf), .beat_first(beat_first), .pair_first(pair_first));

    assign obs_stream = dut.u_core.x_edge;
    assign obs_stream_flags = dut.u_core.x_edge_flags;
    assign obs_weights = dut.u_core.w_edge;
    // the data flags entering every PE: row 0's tell when the weights enter each column
    assign obs_pe_flags = dut.u_core.u_array.x_f;
endmodule
