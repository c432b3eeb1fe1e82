// A processing element of an output-stationary array: L MAC lanes that share the data value entering from the
// left and each take their own weight entering from the top; lane l accumulates one output over the reduction
// in its own register.
//
// Registers: the data register with its flags (passed right), per lane the weight register with its real bit
// (passed down), the accumulator, the side port's valid bit and the overflow pulses.
//
// In one cycle, when the data element entering from the left is valid, every lane multiplies it by its weight
// and adds the product to its accumulator (to zero for a fold's first element). After an output's last
// element the accumulator holds the output and out_valid marks it for one cycle (the side port), for lanes
// whose row and column slot hold work.
//
// Data flags: bit 0 valid, 1 first (a fold's first element), 2 last (its last), 3 the row holds work.
module qasim_pe_os #(
    parameter int MB = 8,
    parameter int P = 32,
    parameter int L = 1,
    parameter int POLICY = 0
) (
    input  logic            clk,
    input  logic            rst_n,
    input  logic            x_signed,
    input  logic [MB-1:0]   x_in,
    input  logic [3:0]      x_flags_in,
    output logic [MB-1:0]   x_out,
    output logic [3:0]      x_flags_out,
    input  logic [L*MB-1:0] w_in,
    input  logic [L-1:0]    w_real_in,
    output logic [L*MB-1:0] w_out,
    output logic [L-1:0]    w_real_out,
    output logic [L*P-1:0]  acc,
    output logic [L-1:0]    out_valid,
    output logic [L-1:0]    ovf
);
    logic [L*P-1:0] base;
    logic [L*P-1:0] sum;
    logic [L-1:0]   lane_ovf;
    logic           valid;

    assign valid = x_flags_in[0];
    assign base = x_flags_in[1] ? '0 : acc;

    generate
        for (genvar l = 0; l < L; l++) begin : g_lane
            qasim_mac_lane #(.MB(MB), .P(P), .POLICY(POLICY)) u_mac (
                .w(w_in[l * MB +: MB]), .x(x_in), .x_signed(x_signed),
                .acc_in(base[l * P +: P]), .acc_out(sum[l * P +: P]), .ovf(lane_ovf[l]));
        end
    endgenerate

    always_ff @(posedge clk) begin
        x_out <= x_in;
        w_out <= w_in;
        w_real_out <= w_real_in;
        if (valid) begin
            acc <= sum;
        end
    end

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            x_flags_out <= '0;
            out_valid <= '0;
            ovf <= '0;
        end else begin
            x_flags_out <= x_flags_in;
            out_valid <= valid && x_flags_in[2] && x_flags_in[3] ? w_real_in : '0;
            ovf <= valid ? lane_ovf : '0;
        end
    end
endmodule
