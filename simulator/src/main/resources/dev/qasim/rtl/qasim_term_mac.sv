// One term pair's arithmetic (term revealing's term MAC): the exponent adder sums a weight term's and a data
// term's exponents, the shifter turns the sum into the addend +-2^(e_w + e_x) (negative when exactly one term
// is), and the accumulator's adder adds it to the P-bit partial sum under the overflow policy. Combinational;
// when add is low the partial sum passes unchanged.
//
// The exact sum is formed at SW = max(P, 2 MB + 2) + 1 bits (an exponent is at most MB), so nothing is lost
// before the range check; an addition whose exact sum leaves [-2^(P-1), 2^(P-1) - 1] raises ovf (one overflow
// event) and then
//   POLICY 0 (wrap):     acc_out = the exact sum modulo 2^P
//   POLICY 1 (saturate): acc_out = the nearest end of the range
module qasim_term_mac #(
    parameter int MB = 8,
    parameter int EW = 4,
    parameter int P = 32,
    parameter int POLICY = 0
) (
    input  logic          add,
    input  logic          w_neg,
    input  logic [EW-1:0] w_exp,
    input  logic          x_neg,
    input  logic [EW-1:0] x_exp,
    input  logic [P-1:0]  acc_in,
    output logic [P-1:0]  acc_out,
    output logic          ovf
);
    localparam int XW = EW + 1;
    localparam int SW = (P > 2 * MB + 2 ? P : 2 * MB + 2) + 1;

    logic [XW-1:0]        exponent;
    logic signed [SW-1:0] addend;
    logic signed [SW-1:0] sum;
    logic [SW-P:0]        high;

    assign exponent = XW'(w_exp) + XW'(x_exp);
    assign addend = (w_neg ^ x_neg) ? -(SW'(1) << exponent) : SW'(1) << exponent;
    assign sum = {{(SW - P){acc_in[P-1]}}, acc_in} + addend;
    // the sum fits P bits exactly when its bits from P-1 up are all equal
    assign high = sum[SW-1:P-1];
    assign ovf = add && !(&high) && (|high);

    generate
        if (POLICY == 1) begin : g_saturate
            assign acc_out = !add ? acc_in : !ovf ? sum[P-1:0] : (sum[SW-1] ? {1'b1, {(P - 1){1'b0}}} : {1'b0, {(P - 1){1'b1}}});
        end else begin : g_wrap
            assign acc_out = add ? sum[P-1:0] : acc_in;
        end
    endgenerate
endmodule
