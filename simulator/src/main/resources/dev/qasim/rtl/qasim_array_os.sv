// An R x C array of qasim_pe_os. Data enter each row at column 0 and move right one PE per cycle; weights
// enter each column at row 0 and move down; every PE's accumulators and their valid bits are its side port.
module qasim_array_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0
) (
    input  logic              clk,
    input  logic              rst_n,
    input  logic              x_signed,
    // left edge: the data element entering PE(r, 0), with its flags
    input  logic [R*MB-1:0]   x_edge,
    input  logic [R*4-1:0]    x_edge_flags,
    // top edge: the weights entering PE(0, c) (L per column) and whether their slots hold work
    input  logic [C*L*MB-1:0] w_edge,
    input  logic [C*L-1:0]    w_edge_real,
    // side ports: lane l of PE(r, c) at index (r C + c) L + l
    output logic [R*C*L*P-1:0] out_data,
    output logic [R*C*L-1:0]  out_valid,
    // PE(R-1, C-1) takes the last element of a fold in this cycle
    output logic              corner_last,
    output logic [R*C*L-1:0]  ovf
);
    // what enters PE(r, c): index r * C + c
    logic [R*C*MB-1:0]   x_v;
    logic [R*C*4-1:0]    x_f;
    logic [R*C*L*MB-1:0] w_v;
    logic [R*C*L-1:0]    w_r;

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign x_v[r * C * MB +: MB] = x_edge[r * MB +: MB];
            assign x_f[r * C * 4 +: 4] = x_edge_flags[r * 4 +: 4];
            for (genvar c = 0; c < C; c++) begin : g_col
                localparam int I = r * C + c;
                logic [MB-1:0]   x_o;
                logic [3:0]      f_o;
                logic [L*MB-1:0] w_o;
                logic [L-1:0]    w_r_o;

                if (r == 0) begin : g_top
                    assign w_v[c * L * MB +: L * MB] = w_edge[c * L * MB +: L * MB];
                    assign w_r[c * L +: L] = w_edge_real[c * L +: L];
                end

                qasim_pe_os #(.MB(MB), .P(P), .L(L), .POLICY(POLICY)) u_pe (
                    .clk(clk), .rst_n(rst_n), .x_signed(x_signed),
                    .x_in(x_v[I * MB +: MB]), .x_flags_in(x_f[I * 4 +: 4]), .x_out(x_o), .x_flags_out(f_o),
                    .w_in(w_v[I * L * MB +: L * MB]), .w_real_in(w_r[I * L +: L]), .w_out(w_o), .w_real_out(w_r_o),
                    .acc(out_data[I * L * P +: L * P]), .out_valid(out_valid[I * L +: L]), .ovf(ovf[I * L +: L]));

                if (c < C - 1) begin : g_right
                    assign x_v[(I + 1) * MB +: MB] = x_o;
                    assign x_f[(I + 1) * 4 +: 4] = f_o;
                end else begin : g_right_edge
                    // the data leave the array here (Verilator's convention: a name with "unused" is read by nobody)
                    logic [MB+3:0] unused_data;
                    assign unused_data = {f_o, x_o};
                end
                if (r < R - 1) begin : g_down
                    assign w_v[(I + C) * L * MB +: L * MB] = w_o;
                    assign w_r[(I + C) * L +: L] = w_r_o;
                end else begin : g_bottom
                    logic [L*MB+L-1:0] unused_weights;
                    assign unused_weights = {w_o, w_r_o};
                end
            end
        end
    endgenerate

    assign corner_last = x_f[(R * C - 1) * 4] & x_f[(R * C - 1) * 4 + 2];
endmodule
