// The beat of a term-serial array: K S pair cycles (STEPS), and, when a fold's stream starts in the beat (fill),
// two cycles more first, in which the data encoders' pipeline fills (qasim's model charges their two-cycle
// latency once per fold; the encoders here are combinational and the array waits). ce is high in the beat's
// last cycle, when the array's registers move; pair_en in its pair cycles; beat_first and pair_first in its
// first cycle and its first pair cycle. fill must depend on registers that move with ce only.
module qasim_beat #(
    parameter int STEPS = 1
) (
    input  logic clk,
    input  logic rst_n,
    input  logic start,
    input  logic fill,
    output logic ce,
    output logic pair_en,
    output logic beat_first,
    output logic pair_first
);
    logic [31:0] cycle_q;
    logic [31:0] first_pair;

    assign first_pair = fill ? 32'd2 : 32'd0;
    assign beat_first = cycle_q == 0;
    assign pair_first = cycle_q == first_pair;
    assign pair_en = cycle_q >= first_pair;
    assign ce = cycle_q == first_pair + 32'(STEPS - 1);

    always_ff @(posedge clk) begin
        if (!rst_n || start) begin
            cycle_q <= '0;
        end else begin
            cycle_q <= ce ? 32'd0 : cycle_q + 32'd1;
        end
    end
endmodule
