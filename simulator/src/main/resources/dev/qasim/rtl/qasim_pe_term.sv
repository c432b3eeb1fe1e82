// A term-serial processing element of a weight-stationary (WS = 1) or input-stationary (WS = 0) array (term
// revealing). Per beat it works on a group of G data values, each as its S leading signed power-of-two terms
// (the HESE encoders at the array's edge made them, qasim_hese_encoder), and the group's weights as the K terms
// term revealing kept offline (the group budget), each with the index of the weight it belongs to: ws streams
// the data terms and holds the weight terms, is streams the weight terms and holds the data terms. It adds one
// term pair per cycle (qasim_term_mac: exponent adder, shifter, accumulator adder under the overflow policy).
//
// Pair order, as in qasim's register-level model: weight by weight in the group's order (the weight terms come
// sorted by weight, most significant first), each weight term times each of its data value's terms, most
// significant first; pairs whose data term does not exist (a value with fewer than S terms, zero, padding) are
// skipped, so the p-th existing pair is added in the p-th pair cycle of the beat (qasim_term_walk). A beat has
// K S pair cycles (budget-synchronous: every PE's beat as long as the budget allows), so every existing pair is
// added.
//
// Registers: the stream register with its flags (passed right), an active and a shadow register of the
// stationary terms, the preload pipeline (passed down: stationary terms, a valid bit and the row they are meant
// for), the partial sum (passed down), all moving when ce ends a beat; and, moving every pair cycle, the working
// accumulator, the next pair (its weight term and data term) and the overflow pulse.
// Terms as qasim_term_walk reads them; stream flags as in qasim_pe_stationary.
module qasim_pe_term #(
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int EW = 4,
    parameter int JW = 3,
    parameter int WS = 1,
    parameter int ROW = 0,
    parameter int RW = 1
) (
    input  logic            clk,
    input  logic            rst_n,
    input  logic            ce,
    input  logic            pair_en,
    input  logic            pair_first,
    input  logic [(WS != 0 ? G*S*(2+EW) : K*(2+EW+JW))-1:0] s_in,
    input  logic [5:0]      s_flags_in,
    output logic [(WS != 0 ? G*S*(2+EW) : K*(2+EW+JW))-1:0] s_out,
    output logic [5:0]      s_flags_out,
    input  logic [P-1:0]    psum_in,
    output logic [P-1:0]    psum_out,
    input  logic [(WS != 0 ? K*(2+EW+JW) : G*S*(2+EW))-1:0] pre_in,
    input  logic            pre_valid_in,
    input  logic [RW-1:0]   pre_dest_in,
    output logic [(WS != 0 ? K*(2+EW+JW) : G*S*(2+EW))-1:0] pre_out,
    output logic            pre_valid_out,
    output logic [RW-1:0]   pre_dest_out,
    output logic            ovf
);
    localparam int TB = 2 + EW;                         // a data term
    localparam int WB = 2 + EW + JW;                    // a weight term
    localparam logic [RW-1:0] ROW_ID = RW'(ROW);
    localparam int PB = WS != 0 ? K * WB : G * S * TB;  // a stationary operand

    logic [PB-1:0]   active_q;
    logic [PB-1:0]   shadow_q;
    logic [PB-1:0]   stationary;
    logic [K*WB-1:0] weights;
    logic [G*S*TB-1:0] data;
    logic [P-1:0]    acc_q;
    logic            valid;
    logic            swap;
    logic            take;
    // the pair of this cycle
    logic            found;
    logic            w_neg;
    logic [EW-1:0]   w_exp;
    logic            x_neg;
    logic [EW-1:0]   x_exp;
    logic            add;
    logic            overflow;
    logic [P-1:0]    base;
    logic [P-1:0]    acc_next;

    assign valid = s_flags_in[0];
    assign swap = valid & s_flags_in[1];
    assign stationary = swap ? shadow_q : active_q;
    generate
        if (WS != 0) begin : g_ws
            assign weights = stationary;
            assign data = s_in;
        end else begin : g_is
            assign weights = s_in;
            assign data = stationary;
        end
    endgenerate
    assign take = pre_valid_in && pre_dest_in == ROW_ID;

    qasim_term_walk #(.G(G), .K(K), .S(S), .EW(EW), .JW(JW)) u_walk (
        .clk(clk), .pair_en(pair_en), .pair_first(pair_first), .weights(weights), .data(data), .found(found),
        .w_neg(w_neg), .w_exp(w_exp), .x_neg(x_neg), .x_exp(x_exp));

    assign base = pair_first ? psum_in : acc_q;
    assign add = valid && pair_en && found;
    qasim_term_mac #(.MB(MB), .EW(EW), .P(P), .POLICY(POLICY)) u_mac (
        .add(add), .w_neg(w_neg), .w_exp(w_exp), .x_neg(x_neg), .x_exp(x_exp), .acc_in(base), .acc_out(acc_next),
        .ovf(overflow));

    always_ff @(posedge clk) begin
        if (pair_en) begin
            acc_q <= acc_next;
        end
        if (ce) begin
            s_out <= s_in;
            pre_out <= pre_in;
            pre_dest_out <= pre_dest_in;
            if (valid) begin
                psum_out <= acc_next;
            end
            if (swap) begin
                active_q <= shadow_q;
            end
            if (take) begin
                shadow_q <= pre_in;
            end
        end
    end

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            s_flags_out <= '0;
            pre_valid_out <= 1'b0;
            ovf <= 1'b0;
        end else begin
            if (ce) begin
                s_flags_out <= s_flags_in;
                pre_valid_out <= pre_valid_in & ~take;
            end
            ovf <= overflow;
        end
    end
endmodule
