// The data encoder at a term-serial array's edge: an MB-bit data value (signed or unsigned, per layer) as its S
// leading HESE terms, most significant first (term revealing's data truncation). Combinational.
//
// HESE (Hybrid Encoding for Signed Expressions) of the magnitude m scans the bit positions with the window
// (b[i+1], b[i], b[i-1]): (0,1,0) is +2^i, (0,1,1) is +2^(i+1), (1,1,0) is -2^i, anything else nothing; a run of
// ones from bit h down to bit l becomes +2^(h+1) - 2^l. Every position i in 0..MB holds at most one digit, so
// digit i is +1 when b[i] alone is set or a run ends below it (b[i-1] set, b[i] clear, b[i-2] set), -1 when a
// run of at least two ones starts at i (b[i], b[i+1] set, b[i-1] clear). A term is negative when its digit's
// sign differs from the value's.
//
// Term t at bits t (2 + EW): bit 0 valid, 1 negative, then EW bits of exponent (EW holds 0..MB); terms past
// the value's last are invalid.
module qasim_hese_encoder #(
    parameter int MB = 8,
    parameter int S = 3,
    parameter int EW = 4
) (
    input  logic                x_signed,
    input  logic [MB-1:0]       x,
    output logic [S*(2+EW)-1:0] terms
);
    localparam int TB = 2 + EW;

    logic          negative;
    logic [MB-1:0] magnitude;
    // the magnitude's bits with two zeros below and above: b[i + 2] is bit i
    logic [MB+3:0] b;
    logic [MB:0]   up;
    logic [MB:0]   down;

    // -2^(MB-1), the most negative signed value, has the magnitude 2^(MB-1): MB bits hold every magnitude
    assign negative = x_signed & x[MB-1];
    assign magnitude = negative ? -x : x;
    assign b = {2'b00, magnitude, 2'b00};

    generate
        for (genvar i = 0; i <= MB; i++) begin : g_digit
            assign up[i] = (b[i + 2] & !b[i + 3] & !b[i + 1]) | (b[i + 1] & !b[i + 2] & b[i]);
            assign down[i] = b[i + 2] & b[i + 3] & !b[i + 1];
        end
    endgenerate

    // the S most significant digits
    always_comb begin
        int n;
        n = 0;
        terms = '0;
        for (int i = MB; i >= 0; i--) begin
            if ((up[i] | down[i]) && n < S) begin
                terms[n * TB +: TB] = {EW'(i), down[i] ^ negative, 1'b1};
                n = n + 1;
            end
        end
    end
endmodule
