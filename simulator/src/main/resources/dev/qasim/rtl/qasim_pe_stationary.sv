// A processing element of a weight-stationary (WS = 1) or input-stationary (WS = 0) array: L MAC lanes that
// share the stream operand (ws: a data value, is: a weight) and each hold their own stationary operand (ws: a
// weight, is: a data value).
//
// Registers: the stream register with its flags (passed right), per lane an active and a shadow register of
// the stationary operand, the preload pipeline (passed down: L values, a valid bit and the row they are meant
// for), the partial sums (passed down) and the overflow pulses.
//
// In one cycle, when the element entering from the left is valid, every lane multiplies it by its stationary
// operand and adds the product to the partial sum entering from above; the first element of a fold swaps the
// shadow registers in (the product already uses the new operand). A preload value whose row is this PE's is
// latched into the shadow registers, any other is passed down.
//
// Stream flags: bit 0 valid, 1 first (a fold's first element), 2 last (its last), 3 use_buf (row 0 adds the
// previous row fold's partial sum), 4 final (the last row fold: the bottom emits outputs), 5 clast (the last
// column fold: only the first slots are real).
module qasim_pe_stationary #(
    parameter int MB = 8,
    parameter int P = 32,
    parameter int L = 1,
    parameter int POLICY = 0,
    parameter int WS = 1,
    parameter int ROW = 0,
    parameter int RW = 1
) (
    input  logic            clk,
    input  logic            rst_n,
    input  logic            x_signed,
    input  logic [MB-1:0]   s_in,
    input  logic [5:0]      s_flags_in,
    output logic [MB-1:0]   s_out,
    output logic [5:0]      s_flags_out,
    input  logic [L*P-1:0]  psum_in,
    output logic [L*P-1:0]  psum_out,
    input  logic [L*MB-1:0] pre_in,
    input  logic            pre_valid_in,
    input  logic [RW-1:0]   pre_dest_in,
    output logic [L*MB-1:0] pre_out,
    output logic            pre_valid_out,
    output logic [RW-1:0]   pre_dest_out,
    output logic [L-1:0]    ovf
);
    localparam logic [RW-1:0] ROW_ID = RW'(ROW);

    logic [L*MB-1:0] active_q;
    logic [L*MB-1:0] shadow_q;
    logic [L*MB-1:0] stationary;
    logic [L*P-1:0]  sum;
    logic [L-1:0]    lane_ovf;
    logic            valid;
    logic            swap;
    logic            take;

    assign valid = s_flags_in[0];
    assign swap = valid & s_flags_in[1];
    assign stationary = swap ? shadow_q : active_q;
    assign take = pre_valid_in && pre_dest_in == ROW_ID;

    generate
        for (genvar l = 0; l < L; l++) begin : g_lane
            if (WS != 0) begin : g_ws
                qasim_mac_lane #(.MB(MB), .P(P), .POLICY(POLICY)) u_mac (
                    .w(stationary[l * MB +: MB]), .x(s_in), .x_signed(x_signed),
                    .acc_in(psum_in[l * P +: P]), .acc_out(sum[l * P +: P]), .ovf(lane_ovf[l]));
            end else begin : g_is
                qasim_mac_lane #(.MB(MB), .P(P), .POLICY(POLICY)) u_mac (
                    .w(s_in), .x(stationary[l * MB +: MB]), .x_signed(x_signed),
                    .acc_in(psum_in[l * P +: P]), .acc_out(sum[l * P +: P]), .ovf(lane_ovf[l]));
            end
        end
    endgenerate

    always_ff @(posedge clk) begin
        s_out <= s_in;
        pre_out <= pre_in;
        pre_dest_out <= pre_dest_in;
        if (valid) begin
            psum_out <= sum;
        end
        if (swap) begin
            active_q <= shadow_q;
        end
        if (take) begin
            shadow_q <= pre_in;
        end
    end

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            s_flags_out <= '0;
            pre_valid_out <= 1'b0;
            ovf <= '0;
        end else begin
            s_flags_out <= s_flags_in;
            pre_valid_out <= pre_valid_in & ~take;
            ovf <= valid ? lane_ovf : '0;
        end
    end
endmodule
