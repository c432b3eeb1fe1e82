// The units the energy model prices for one MAC lane, alone: an MB x MB multiplier and a P-bit adder, both
// signed, without the lane's sign selection, overflow check or policy. Synthesized only to compare the
// table's areas with the same units in Yosys's gates (qasim rtl --synth); not part of any design.
module qasim_area_units #(
    parameter int MB = 8,
    parameter int P = 32
) (
    input  logic [MB-1:0]   a,
    input  logic [MB-1:0]   b,
    output logic [2*MB-1:0] product,
    input  logic [P-1:0]    x,
    input  logic [P-1:0]    y,
    output logic [P-1:0]    sum
);
    assign product = $signed(a) * $signed(b);
    assign sum = x + y;
endmodule
