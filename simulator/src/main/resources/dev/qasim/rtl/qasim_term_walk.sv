// The pair walk of a term-serial PE (qasim_pe_term, qasim_pe_term_os): in each pair cycle the next term pair
// in qasim's order, weight term by weight term (the weight terms come sorted by weight, most significant first),
// each times its data value's terms, most significant first, skipping the pairs that do not exist (a value with
// fewer than S terms, zero, padding), so the p-th existing pair comes in the beat's p-th pair cycle. It needs
// one weight term and one data value a cycle: the weight term (a K-way choice), its value's terms (a G-way
// choice by the weight's index), and the next weight term with pairs (a priority encoder). Its registers (the
// next pair's weight term and data term) move in every pair cycle; pair_first starts the walk anew.
//
// Data terms (G S of TB = 2 + EW bits): term t of value j at bits (j S + t) TB: bit 0 valid, 1 negative, then EW
// bits of exponent. Weight terms (K of WB = 2 + EW + JW bits): term i at bits i WB: bit 0 valid, 1 negative, EW
// bits of exponent, JW bits of the index of its weight in the group.
module qasim_term_walk #(
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int EW = 4,
    parameter int JW = 3
) (
    input  logic                   clk,
    input  logic                   pair_en,
    input  logic                   pair_first,
    input  logic [K*(2+EW+JW)-1:0] weights,
    input  logic [G*S*(2+EW)-1:0]  data,
    output logic                   found,
    output logic                   w_neg,
    output logic [EW-1:0]          w_exp,
    output logic                   x_neg,
    output logic [EW-1:0]          x_exp
);
    localparam int TB = 2 + EW;                         // a data term
    localparam int WB = 2 + EW + JW;                    // a weight term
    localparam int IW = $clog2(K + 1);                  // a weight term's index, K for none
    localparam int TW = S > 1 ? $clog2(S) : 1;          // a data term's index

    // a binary counter as written (Yosys would otherwise recode it one-hot, a flip-flop per weight term)
    (* fsm_encoding = "none" *) logic [IW-1:0] i_q;
    logic [TW-1:0]   t_q;
    logic [S*TB-1:0] values [G];
    logic [G-1:0]    nonzero;
    logic [K-1:0]    paired;
    logic [IW-1:0]   first_i;
    logic [IW-1:0]   i;
    logic [TW-1:0]   t;
    logic            exists;
    logic [WB-1:0]   w;
    logic [S*TB-1:0] x_terms;
    logic [TB-1:0]   x;
    logic [IW-1:0]   after_i;
    logic            t_more;
    logic [IW-1:0]   next_i;
    logic [TW-1:0]   next_t;

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
    assign exists = 32'(i) < K;
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
    assign next_i = !exists ? i : t_more ? i : after_i;
    assign next_t = !exists || !t_more ? '0 : t + TW'(1);

    // the walk only meets valid terms; the check costs a gate
    assign found = exists && w[0] && x[0];
    assign w_neg = w[1];
    assign w_exp = w[2 +: EW];
    assign x_neg = x[1];
    assign x_exp = x[2 +: EW];

    always_ff @(posedge clk) begin
        if (pair_en) begin
            i_q <= next_i;
            t_q <= next_t;
        end
    end
endmodule
