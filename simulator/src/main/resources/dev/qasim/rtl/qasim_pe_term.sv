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
// skipped, so the p-th existing pair is added in the p-th pair cycle of the beat. A beat has K S pair cycles
// (budget-synchronous: every PE's beat as long as the budget allows), so every existing pair is added. The walk
// needs one weight term and one data value a cycle: the weight term (a K-way choice), its value's terms (a G-way
// choice by the weight's index), and the first weight term with pairs after it (a priority encoder).
//
// Registers: the stream register with its flags (passed right), an active and a shadow register of the
// stationary terms, the preload pipeline (passed down: stationary terms, a valid bit and the row they are meant
// for), the partial sum (passed down), all moving when ce ends a beat; and, moving every pair cycle, the working
// accumulator, the next pair (its weight term and data term) and the overflow pulse.
//
// Data terms (G S of TB bits): term t of value j at bits (j S + t) TB: bit 0 valid, 1 negative, then EW bits of
// exponent. Weight terms (K of WB bits): term i at bits i WB: bit 0 valid, 1 negative, EW bits of exponent, JW
// bits of the index of its weight in the group. Stream flags as in qasim_pe_stationary.
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
    localparam int IW = $clog2(K + 1);                  // a weight term's index, K for none
    localparam int TW = S > 1 ? $clog2(S) : 1;          // a data term's index
    localparam int PB = WS != 0 ? K * WB : G * S * TB;  // a stationary operand

    logic [PB-1:0]   active_q;
    logic [PB-1:0]   shadow_q;
    logic [PB-1:0]   stationary;
    logic [K*WB-1:0] weights;
    logic [G*S*TB-1:0] data;
    logic [P-1:0]    acc_q;
    // a binary counter as written (Yosys would otherwise recode it one-hot, a flip-flop per weight term)
    (* fsm_encoding = "none" *) logic [IW-1:0] i_q;
    logic [TW-1:0]   t_q;
    logic            valid;
    logic            swap;
    logic            take;
    // the pair of this cycle: weight term i times data term t of the value weight term i belongs to
    logic [S*TB-1:0] values [G];
    logic [G-1:0]    nonzero;
    logic [K-1:0]    paired;
    logic [IW-1:0]   first_i;
    logic [IW-1:0]   i;
    logic [TW-1:0]   t;
    logic            found;
    logic [WB-1:0]   w;
    logic [S*TB-1:0] x_terms;
    logic [TB-1:0]   x;
    logic [IW-1:0]   after_i;
    logic            t_more;
    logic [IW-1:0]   next_i;
    logic [TW-1:0]   next_t;
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

    // which weight terms have pairs: a valid term whose data value has a term (data terms come first-valid)
    generate
        for (genvar j = 0; j < G; j++) begin : g_value
            assign values[j] = data[j * S * TB +: S * TB];
            assign nonzero[j] = values[j][0];
        end
        for (genvar k = 0; k < K; k++) begin : g_paired
            logic [JW-1:0] j;
            assign j = weights[k * WB + 2 + EW +: JW];
            assign paired[k] = weights[k * WB] && 32'(j) < G && nonzero[j];
        end
    endgenerate

    // the first weight term with pairs from a given one on (K for none)
    function automatic logic [IW-1:0] first_from(logic [K-1:0] has, logic [IW-1:0] from);
        first_from = IW'(K);
        for (int k = K - 1; k >= 0; k--) begin
            if (has[k] && IW'(k) >= from) begin
                first_from = IW'(k);
            end
        end
    endfunction

    // the beat's first pair cycle starts at the first weight term with pairs; every other continues the walk
    assign first_i = first_from(paired, '0);
    assign i = pair_first ? first_i : i_q;
    assign t = pair_first ? '0 : t_q;
    assign found = 32'(i) < K;
    always_comb begin
        w = '0;
        x_terms = '0;
        for (int k = 0; k < K; k++) begin
            if (32'(i) == k) begin
                w = weights[k * WB +: WB];
            end
        end
        for (int j = 0; j < G; j++) begin
            if (32'(w[2 + EW +: JW]) == j) begin
                x_terms = values[j];
            end
        end
        x = '0;
        t_more = 1'b0;
        for (int d = 0; d < S; d++) begin
            if (32'(t) == d) begin
                x = x_terms[d * TB +: TB];
                t_more = d + 1 < S && x_terms[(d + 1 < S ? d + 1 : d) * TB];
            end
        end
    end
    // the next pair: the value's next data term, or the next weight term with pairs
    assign after_i = first_from(paired, i + IW'(1));
    assign next_i = !found ? i : t_more ? i : after_i;
    assign next_t = !found || !t_more ? '0 : t + TW'(1);

    assign base = pair_first ? psum_in : acc_q;
    assign add = valid && pair_en && found && w[0] && x[0]; // the walk only meets valid terms; the check costs a gate
    qasim_term_mac #(.MB(MB), .EW(EW), .P(P), .POLICY(POLICY)) u_mac (
        .add(add), .w_neg(w[1]), .w_exp(w[2 +: EW]), .x_neg(x[1]), .x_exp(x[2 +: EW]), .acc_in(base), .acc_out(acc_next),
        .ovf(overflow));

    always_ff @(posedge clk) begin
        if (pair_en) begin
            acc_q <= acc_next;
            i_q <= next_i;
            t_q <= next_t;
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
