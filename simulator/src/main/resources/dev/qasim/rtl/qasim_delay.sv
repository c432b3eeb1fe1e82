// A delay line of D >= 1 cycles for a valid bit and W data bits: the skew of the array's edges (row r of the
// stream enters r cycles late, column c of the preload or of os's weights c cycles late). Only the valid bits
// are reset; data follow them. The line moves when ce is high (every cycle in a MAC array, once a beat in a
// term-serial one).
module qasim_delay #(
    parameter int W = 1,
    parameter int D = 1
) (
    input  logic         clk,
    input  logic         rst_n,
    input  logic         ce,
    input  logic         valid_in,
    input  logic [W-1:0] data_in,
    output logic         valid_out,
    output logic [W-1:0] data_out
);
    logic [D-1:0]   valid_q;
    logic [D*W-1:0] data_q;

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            valid_q <= '0;
        end else if (ce) begin
            for (int i = D - 1; i > 0; i--) begin
                valid_q[i] <= valid_q[i - 1];
            end
            valid_q[0] <= valid_in;
        end
    end

    always_ff @(posedge clk) begin
        if (ce) begin
            for (int i = D - 1; i > 0; i--) begin
                data_q[i * W +: W] <= data_q[(i - 1) * W +: W];
            end
            data_q[0 +: W] <= data_in;
        end
    end

    assign valid_out = valid_q[D - 1];
    assign data_out = data_q[(D - 1) * W +: W];
endmodule
