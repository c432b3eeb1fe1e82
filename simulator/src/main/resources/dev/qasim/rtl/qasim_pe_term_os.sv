// A term-serial processing element of an output-stationary array (term revealing): per beat it takes a group
// of G data values from the left, each as its S leading HESE terms (the encoders at the array's left edge made
// them), and the group's weights from the top as the K terms term revealing kept offline, and adds their pairs
// one a cycle (qasim_term_walk, qasim_term_mac) into the accumulator of its output (from zero at a fold's first
// element). After an output's last element the accumulator holds the output and out_valid marks it (the side
// port) until the next beat ends, for a PE whose row and column hold work.
//
// Registers: the data terms with their flags (passed right), the weight terms with their real bit (passed
// down), moving when ce ends a beat; the accumulator, moving in every pair cycle; the side port's valid bit
// (with ce) and the overflow pulse. Data flags as in qasim_pe_os: bit 0 valid, 1 first, 2 last, 3 the row
// holds work.
module qasim_pe_term_os #(
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int EW = 4,
    parameter int JW = 3
) (
    input  logic                   clk,
    input  logic                   rst_n,
    input  logic                   ce,
    input  logic                   pair_en,
    input  logic                   pair_first,
    input  logic [G*S*(2+EW)-1:0]  x_in,
    input  logic [3:0]             x_flags_in,
    output logic [G*S*(2+EW)-1:0]  x_out,
    output logic [3:0]             x_flags_out,
    input  logic [K*(2+EW+JW)-1:0] w_in,
    input  logic                   w_real_in,
    output logic [K*(2+EW+JW)-1:0] w_out,
    output logic                   w_real_out,
    output logic [P-1:0]           acc,
    output logic                   out_valid,
    output logic                   ovf
);
    logic          valid;
    logic          found;
    logic          w_neg;
    logic [EW-1:0] w_exp;
    logic          x_neg;
    logic [EW-1:0] x_exp;
    logic          add;
    logic          overflow;
    logic [P-1:0]  base;
    logic [P-1:0]  acc_next;

    assign valid = x_flags_in[0];

    qasim_term_walk #(.G(G), .K(K), .S(S), .EW(EW), .JW(JW)) u_walk (
        .clk(clk), .pair_en(pair_en), .pair_first(pair_first), .weights(w_in), .data(x_in), .found(found),
        .w_neg(w_neg), .w_exp(w_exp), .x_neg(x_neg), .x_exp(x_exp));

    // a fold's first element starts a new output; the previous one left on the side port
    assign base = pair_first && x_flags_in[1] ? '0 : acc;
    assign add = valid && pair_en && found;
    qasim_term_mac #(.MB(MB), .EW(EW), .P(P), .POLICY(POLICY)) u_mac (
        .add(add), .w_neg(w_neg), .w_exp(w_exp), .x_neg(x_neg), .x_exp(x_exp), .acc_in(base), .acc_out(acc_next),
        .ovf(overflow));

    always_ff @(posedge clk) begin
        if (valid && pair_en) begin
            acc <= acc_next;
        end
        if (ce) begin
            x_out <= x_in;
            w_out <= w_in;
            w_real_out <= w_real_in;
        end
    end

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            x_flags_out <= '0;
            out_valid <= 1'b0;
            ovf <= 1'b0;
        end else begin
            if (ce) begin
                x_flags_out <= x_flags_in;
                out_valid <= valid && x_flags_in[2] && x_flags_in[3] && w_real_in;
            end
            ovf <= overflow;
        end
    end
endmodule
