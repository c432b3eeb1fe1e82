// The units the energy model prices for one term-serial PE, alone: an exponent adder of E bits, a shifter of
// the accumulator's P bits by an E-bit amount and a P-bit adder, without the PE's pair selection, sign,
// overflow check or policy. Synthesized only to compare the table's areas with the same units in Yosys's gates
// (qasim rtl --synth); not part of any design.
module qasim_area_term_units #(
    parameter int E = 5,
    parameter int P = 32
) (
    input  logic [E-1:0] ea,
    input  logic [E-1:0] eb,
    output logic [E-1:0] esum,
    input  logic [P-1:0] value,
    input  logic [E-1:0] amount,
    output logic [P-1:0] shifted,
    input  logic [P-1:0] x,
    input  logic [P-1:0] y,
    output logic [P-1:0] sum
);
    assign esum = ea + eb;
    assign shifted = value << amount;
    assign sum = x + y;
endmodule
