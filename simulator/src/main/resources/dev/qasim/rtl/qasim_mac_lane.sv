// One MAC lane's arithmetic: a signed MB-bit weight times an MB-bit data value (signed or unsigned, per
// layer) added to a P-bit two's-complement partial sum under the overflow policy. Combinational.
//
// The exact sum is formed at SW = max(P, 2 MB + 1) + 1 bits, so nothing is lost before the range check; an
// addition whose exact sum leaves [-2^(P-1), 2^(P-1) - 1] raises ovf (one overflow event) and then
//   POLICY 0 (wrap):     acc_out = the exact sum modulo 2^P
//   POLICY 1 (saturate): acc_out = the nearest end of the range
//   POLICY 2 (trap):     acc_out = acc_in (the register keeps its value; the core's sticky flag stops the run)
module qasim_mac_lane #(
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0
) (
    input  logic [MB-1:0] w,
    input  logic [MB-1:0] x,
    input  logic          x_signed,
    input  logic [P-1:0]  acc_in,
    output logic [P-1:0]  acc_out,
    output logic          ovf
);
    localparam int PW = 2 * MB + 1;
    localparam int SW = (P > PW ? P : PW) + 1;

    logic signed [PW-1:0] w_ext;
    logic signed [PW-1:0] x_ext;
    logic signed [PW-1:0] product;
    logic signed [SW-1:0] sum;
    logic [SW-P:0]        high;

    // an unsigned data value gets a zero above its top bit, a signed one its sign
    assign w_ext = {{(PW - MB){w[MB-1]}}, w};
    assign x_ext = {{(PW - MB){x_signed & x[MB-1]}}, x};
    assign product = w_ext * x_ext;
    assign sum = {{(SW - P){acc_in[P-1]}}, acc_in} + {{(SW - PW){product[PW-1]}}, product};
    // the sum fits P bits exactly when its bits from P-1 up are all equal
    assign high = sum[SW-1:P-1];
    assign ovf = !(&high) && (|high);

    generate
        if (POLICY == 1) begin : g_saturate
            assign acc_out = !ovf ? sum[P-1:0] : (sum[SW-1] ? {1'b1, {(P - 1){1'b0}}} : {1'b0, {(P - 1){1'b1}}});
        end else if (POLICY == 2) begin : g_trap
            assign acc_out = ovf ? acc_in : sum[P-1:0];
        end else begin : g_wrap
            assign acc_out = sum[P-1:0];
        end
    endgenerate
endmodule
