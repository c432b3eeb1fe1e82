// An R x C array of qasim_pe_stationary (TERM = 0: MAC lanes) or qasim_pe_term (TERM = 1: term-serial PEs,
// one lane). Stream elements enter each row at column 0 and move right one PE per beat; preload values
// enter each column at row 0 and move down to the row they are meant for; partial sums enter row 0 and leave
// the bottom of each column. The edges are ports: the core skews what enters and keeps the partial sums
// between row folds. A MAC array's beat is one cycle (ce, pair_en and pair_first tied high); a term-serial
// array's registers move when ce ends a beat, and its PEs add one term pair in each cycle of pair_en.
// SB and PB are the bits of a stream element and of a PE column's preload entry: MB and L MB for MAC lanes, a
// group's encoded data terms and its revealed weight terms for term-serial PEs (qasim_pe_term).
module qasim_array_stationary #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int WS = 1,
    parameter int RW = 1,
    parameter int TERM = 0,
    parameter int G = 1,
    parameter int K = 1,
    parameter int S = 1,
    parameter int EW = 1,
    parameter int JW = 1,
    parameter int SB = MB,
    parameter int PB = L * MB
) (
    input  logic              clk,
    input  logic              rst_n,
    input  logic              ce,
    input  logic              pair_en,
    input  logic              pair_first,
    input  logic              x_signed,
    // left edge: the stream element entering PE(r, 0), with its flags
    input  logic [R*SB-1:0]   s_edge,
    input  logic [R*6-1:0]    s_edge_flags,
    // top edge: the preload values entering PE(0, c) (L per column), their valid bit and row
    input  logic [C*PB-1:0]   pre_edge,
    input  logic [C-1:0]      pre_edge_valid,
    input  logic [C*RW-1:0]   pre_edge_dest,
    // top edge: the partial sums entering PE(0, c), and the element PE(0, c) takes this cycle: valid, a fold's
    // first, adding the buffered partial sums
    input  logic [C*L*P-1:0]  psum_top,
    output logic [C-1:0]      top_valid,
    output logic [C-1:0]      top_first,
    output logic [C-1:0]      top_use_buf,
    // bottom edge: the partial sums PE(R-1, c) holds, and the element they belong to: valid, a fold's first,
    // of the last row fold, of the last column fold
    output logic [C*L*P-1:0]  psum_bottom,
    output logic [C-1:0]      bottom_valid,
    output logic [C-1:0]      bottom_first,
    output logic [C-1:0]      bottom_final,
    output logic [C-1:0]      bottom_clast,
    // PE(R-1, C-1) takes the last element of a fold in this cycle
    output logic              corner_last,
    output logic [R*C*L-1:0]  ovf
);
    // what enters PE(r, c): index r * C + c
    logic [R*C*SB-1:0]   s_v;
    logic [R*C*6-1:0]    s_f;
    logic [R*C*L*P-1:0]  ps_v;
    logic [R*C*PB-1:0]   pre_v;
    logic [R*C-1:0]      pre_ok;
    logic [R*C*RW-1:0]   pre_d;

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign s_v[r * C * SB +: SB] = s_edge[r * SB +: SB];
            assign s_f[r * C * 6 +: 6] = s_edge_flags[r * 6 +: 6];
            for (genvar c = 0; c < C; c++) begin : g_col
                localparam int I = r * C + c;
                logic [SB-1:0]   s_o;
                logic [5:0]      f_o;
                logic [L*P-1:0]  ps_o;
                logic [PB-1:0]   pre_o;
                logic            pre_ok_o;
                logic [RW-1:0]   pre_d_o;

                if (r == 0) begin : g_top
                    assign ps_v[c * L * P +: L * P] = psum_top[c * L * P +: L * P];
                    assign pre_v[c * PB +: PB] = pre_edge[c * PB +: PB];
                    assign pre_ok[c] = pre_edge_valid[c];
                    assign pre_d[c * RW +: RW] = pre_edge_dest[c * RW +: RW];
                end

                if (TERM != 0) begin : g_term
                    qasim_pe_term #(.MB(MB), .P(P), .POLICY(POLICY), .G(G), .K(K), .S(S), .EW(EW), .JW(JW), .WS(WS), .ROW(r), .RW(RW))
                            u_pe (
                        .clk(clk), .rst_n(rst_n), .ce(ce), .pair_en(pair_en), .pair_first(pair_first),
                        .s_in(s_v[I * SB +: SB]), .s_flags_in(s_f[I * 6 +: 6]), .s_out(s_o), .s_flags_out(f_o),
                        .psum_in(ps_v[I * P +: P]), .psum_out(ps_o),
                        .pre_in(pre_v[I * PB +: PB]), .pre_valid_in(pre_ok[I]), .pre_dest_in(pre_d[I * RW +: RW]),
                        .pre_out(pre_o), .pre_valid_out(pre_ok_o), .pre_dest_out(pre_d_o),
                        .ovf(ovf[I]));
                end else begin : g_mac
                    qasim_pe_stationary #(.MB(MB), .P(P), .L(L), .POLICY(POLICY), .WS(WS), .ROW(r), .RW(RW)) u_pe (
                        .clk(clk), .rst_n(rst_n), .x_signed(x_signed),
                        .s_in(s_v[I * SB +: SB]), .s_flags_in(s_f[I * 6 +: 6]), .s_out(s_o), .s_flags_out(f_o),
                        .psum_in(ps_v[I * L * P +: L * P]), .psum_out(ps_o),
                        .pre_in(pre_v[I * PB +: PB]), .pre_valid_in(pre_ok[I]), .pre_dest_in(pre_d[I * RW +: RW]),
                        .pre_out(pre_o), .pre_valid_out(pre_ok_o), .pre_dest_out(pre_d_o),
                        .ovf(ovf[I * L +: L]));
                end

                if (c < C - 1) begin : g_right
                    assign s_v[(I + 1) * SB +: SB] = s_o;
                    assign s_f[(I + 1) * 6 +: 6] = f_o;
                end else if (r < R - 1) begin : g_right_edge
                    // the stream leaves the array here (Verilator's convention: a name with "unused" is read by nobody)
                    logic [SB+5:0] unused_stream;
                    assign unused_stream = {f_o, s_o};
                end else begin : g_corner
                    logic [SB+1:0] unused_stream;
                    assign unused_stream = {f_o[3:2], s_o};
                end
                if (r < R - 1) begin : g_down
                    assign ps_v[(I + C) * L * P +: L * P] = ps_o;
                    assign pre_v[(I + C) * PB +: PB] = pre_o;
                    assign pre_ok[I + C] = pre_ok_o;
                    assign pre_d[(I + C) * RW +: RW] = pre_d_o;
                end else begin : g_bottom
                    // every preload value is taken by its row: nothing leaves the bottom of the pipeline
                    logic [PB+RW:0] unused_preload;
                    assign unused_preload = {pre_o, pre_ok_o, pre_d_o};
                    assign psum_bottom[c * L * P +: L * P] = ps_o;
                    assign bottom_valid[c] = f_o[0];
                    assign bottom_first[c] = f_o[1];
                    assign bottom_final[c] = f_o[4];
                    assign bottom_clast[c] = f_o[5];
                end
            end
        end
        for (genvar c = 0; c < C; c++) begin : g_top_flags
            assign top_valid[c] = s_f[c * 6];
            assign top_first[c] = s_f[c * 6 + 1];
            assign top_use_buf[c] = s_f[c * 6 + 3];
        end
    endgenerate

    assign corner_last = s_f[(R * C - 1) * 6] & s_f[(R * C - 1) * 6 + 2];

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
