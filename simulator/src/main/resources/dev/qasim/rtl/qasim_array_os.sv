// An R x C array of qasim_pe_os (TERM = 0: MAC lanes) or qasim_pe_term_os (TERM = 1: term-serial PEs, one
// lane). Data enter each row at column 0 and move right one PE per beat; weights enter each column at row 0 and
// move down; every PE's accumulators and their valid bits are its side port. A MAC array's beat is one cycle
// (ce, pair_en and pair_first tied high); a term-serial array's registers move when ce ends a beat. XB and WB
// are the bits of a data element and of a PE column's weights: MB and L MB for MAC lanes, a group's encoded
// data terms and its revealed weight terms for term-serial PEs.
module qasim_array_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int TERM = 0,
    parameter int G = 1,
    parameter int K = 1,
    parameter int S = 1,
    parameter int EW = 1,
    parameter int JW = 1,
    parameter int XB = MB,
    parameter int WB = L * MB
) (
    input  logic              clk,
    input  logic              rst_n,
    input  logic              ce,
    input  logic              pair_en,
    input  logic              pair_first,
    input  logic              x_signed,
    // left edge: the data element entering PE(r, 0), with its flags
    input  logic [R*XB-1:0]   x_edge,
    input  logic [R*4-1:0]    x_edge_flags,
    // top edge: the weights entering PE(0, c) (L per column) and whether their slots hold work
    input  logic [C*WB-1:0]   w_edge,
    input  logic [C*L-1:0]    w_edge_real,
    // side ports: lane l of PE(r, c) at index (r C + c) L + l
    output logic [R*C*L*P-1:0] out_data,
    output logic [R*C*L-1:0]  out_valid,
    // PE(R-1, C-1) takes the last element of a fold in this cycle
    output logic              corner_last,
    output logic [R*C*L-1:0]  ovf
);
    // what enters PE(r, c): index r * C + c
    logic [R*C*XB-1:0]   x_v;
    logic [R*C*4-1:0]    x_f;
    logic [R*C*WB-1:0]   w_v;
    logic [R*C*L-1:0]    w_r;

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign x_v[r * C * XB +: XB] = x_edge[r * XB +: XB];
            assign x_f[r * C * 4 +: 4] = x_edge_flags[r * 4 +: 4];
            for (genvar c = 0; c < C; c++) begin : g_col
                localparam int I = r * C + c;
                logic [XB-1:0]   x_o;
                logic [3:0]      f_o;
                logic [WB-1:0]   w_o;
                logic [L-1:0]    w_r_o;

                if (r == 0) begin : g_top
                    assign w_v[c * WB +: WB] = w_edge[c * WB +: WB];
                    assign w_r[c * L +: L] = w_edge_real[c * L +: L];
                end

                if (TERM != 0) begin : g_term
                    qasim_pe_term_os #(.MB(MB), .P(P), .POLICY(POLICY), .G(G), .K(K), .S(S), .EW(EW), .JW(JW)) u_pe (
                        .clk(clk), .rst_n(rst_n), .ce(ce), .pair_en(pair_en), .pair_first(pair_first),
                        .x_in(x_v[I * XB +: XB]), .x_flags_in(x_f[I * 4 +: 4]), .x_out(x_o), .x_flags_out(f_o),
                        .w_in(w_v[I * WB +: WB]), .w_real_in(w_r[I]), .w_out(w_o), .w_real_out(w_r_o),
                        .acc(out_data[I * P +: P]), .out_valid(out_valid[I]), .ovf(ovf[I]));
                end else begin : g_mac
                    qasim_pe_os #(.MB(MB), .P(P), .L(L), .POLICY(POLICY)) u_pe (
                        .clk(clk), .rst_n(rst_n), .x_signed(x_signed),
                        .x_in(x_v[I * XB +: XB]), .x_flags_in(x_f[I * 4 +: 4]), .x_out(x_o), .x_flags_out(f_o),
                        .w_in(w_v[I * WB +: WB]), .w_real_in(w_r[I * L +: L]), .w_out(w_o), .w_real_out(w_r_o),
                        .acc(out_data[I * L * P +: L * P]), .out_valid(out_valid[I * L +: L]), .ovf(ovf[I * L +: L]));
                end

                if (c < C - 1) begin : g_right
                    assign x_v[(I + 1) * XB +: XB] = x_o;
                    assign x_f[(I + 1) * 4 +: 4] = f_o;
                end else begin : g_right_edge
                    // the data leave the array here (Verilator's convention: a name with "unused" is read by nobody)
                    logic [XB+3:0] unused_data;
                    assign unused_data = {f_o, x_o};
                end
                if (r < R - 1) begin : g_down
                    assign w_v[(I + C) * WB +: WB] = w_o;
                    assign w_r[(I + C) * L +: L] = w_r_o;
                end else begin : g_bottom
                    logic [WB+L-1:0] unused_weights;
                    assign unused_weights = {w_o, w_r_o};
                end
            end
        end
    endgenerate

    assign corner_last = x_f[(R * C - 1) * 4] & x_f[(R * C - 1) * 4 + 2];

    generate
        // a MAC array's beat is its cycle; a term-serial PE's data were encoded at the edge with their sign
        if (TERM != 0) begin : g_term_unused
            logic unused_x_signed;
            assign unused_x_signed = x_signed;
        end else begin : g_mac_unused
            logic [2:0] unused_beat;
            assign unused_beat = {ce, pair_en, pair_first};
        end
    endgenerate
endmodule
