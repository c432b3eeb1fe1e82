// A ws (WS = 1) or is (WS = 0) array with its controller, its edge skew and its partial-sum buffer.
//
// Operand buffers are outside: when pre_pop is high in a cycle the buffer presents, in that cycle, the next
// preload vector on pre_vec (C L values: slot j = PE column j / L, lane j mod L; ws weights, is data values);
// when str_pop is high, the next stream vector on str_vec (R values, row r at bits r MB: ws data, is
// weights). pre_pop and str_pop depend on registers only.
//
// Outputs: out_valid[j] marks a final output of slot j leaving the bottom in this cycle (out_data, P bits a
// slot). ovf[(r C + c) L + l] pulses for every overflow event of lane l of PE(r, c). overflowed is sticky from
// the first event of a layer; under the trap policy (POLICY 2) the first event stops the controller (trapped).
module qasim_core_stationary #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int WS = 1,
    parameter int OVERLAP = 1,
    parameter int DEPTH = 1024
) (
    input  logic              clk,
    input  logic              rst_n,
    input  logic              start,
    input  logic [31:0]       cfg_t,
    input  logic [31:0]       cfg_folds,
    input  logic [31:0]       cfg_row_folds,
    input  logic [31:0]       cfg_col_folds,
    input  logic [31:0]       cfg_rows_last,
    input  logic [31:0]       cfg_slots_last,
    input  logic              cfg_data_signed,
    output logic              busy,
    output logic              done,
    output logic              error,
    output logic              overflowed,
    output logic              trapped,
    output logic              pre_pop,
    input  logic [C*L*MB-1:0] pre_vec,
    output logic              str_pop,
    input  logic [R*MB-1:0]   str_vec,
    output logic [C*L-1:0]    out_valid,
    output logic [C*L*P-1:0]  out_data,
    output logic [R*C*L-1:0]  ovf
);
    localparam int RW = R > 1 ? $clog2(R) : 1;
    localparam int AW = DEPTH > 1 ? $clog2(DEPTH) : 1;

    logic              x_signed;
    logic [C*L-1:0]    slot_live;
    logic [RW-1:0]     pre_dest;
    logic [C*L-1:0]    pre_mask;
    logic [5:0]        str_flags;
    logic [R-1:0]      str_mask;
    logic              corner_last;
    logic              overflow_q;
    // the array's edges
    logic [R*MB-1:0]   s_edge;
    logic [R*6-1:0]    s_edge_flags;
    logic [C*L*MB-1:0] pre_edge;
    logic [C-1:0]      pre_edge_valid;
    logic [C*RW-1:0]   pre_edge_dest;
    logic [C*L*P-1:0]  psum_top;
    logic [C-1:0]      top_valid;
    logic [C-1:0]      top_first;
    logic [C-1:0]      top_use_buf;
    logic [C*L*P-1:0]  psum_bottom;
    logic [C-1:0]      bottom_valid;
    logic [C-1:0]      bottom_first;
    logic [C-1:0]      bottom_final;
    logic [C-1:0]      bottom_clast;

    qasim_ctrl_stationary #(.R(R), .C(C), .L(L), .OVERLAP(OVERLAP), .DEPTH(DEPTH), .RW(RW)) u_ctrl (
        .clk(clk), .rst_n(rst_n), .ce(1'b1), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .fold_done(corner_last), .halt(trapped), .busy(busy), .done(done),
        .error(error), .x_signed(x_signed), .slot_live(slot_live), .pre_pop(pre_pop), .pre_dest(pre_dest),
        .pre_mask(pre_mask), .str_pop(str_pop), .str_flags(str_flags), .str_mask(str_mask));

    generate
        // row r of the stream enters r cycles late
        for (genvar r = 0; r < R; r++) begin : g_stream
            logic [MB-1:0] value;
            assign value = str_mask[r] ? str_vec[r * MB +: MB] : '0;
            if (r == 0) begin : g_now
                assign s_edge[0 +: MB] = value;
                assign s_edge_flags[0 +: 6] = str_flags;
            end else begin : g_skew
                logic       valid;
                logic [4:0] flags;
                qasim_delay #(.W(MB + 5), .D(r)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(1'b1), .valid_in(str_flags[0]), .data_in({str_flags[5:1], value}),
                    .valid_out(valid), .data_out({flags, s_edge[r * MB +: MB]}));
                assign s_edge_flags[r * 6 +: 6] = {flags, valid};
            end
        end
        // column c of the preload enters c cycles late
        for (genvar c = 0; c < C; c++) begin : g_preload
            logic [L*MB-1:0] values;
            for (genvar l = 0; l < L; l++) begin : g_lane
                assign values[l * MB +: MB] = pre_mask[c * L + l] ? pre_vec[(c * L + l) * MB +: MB] : '0;
            end
            if (c == 0) begin : g_now
                assign pre_edge[0 +: L * MB] = values;
                assign pre_edge_valid[0] = pre_pop;
                assign pre_edge_dest[0 +: RW] = pre_dest;
            end else begin : g_skew
                qasim_delay #(.W(L * MB + RW), .D(c)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(1'b1), .valid_in(pre_pop), .data_in({pre_dest, values}),
                    .valid_out(pre_edge_valid[c]),
                    .data_out({pre_edge_dest[c * RW +: RW], pre_edge[c * L * MB +: L * MB]}));
            end
            // partial sums between row folds, and the outputs of the last row fold
            qasim_psum_buffer #(.W(L * P), .DEPTH(DEPTH), .AW(AW)) u_psum (
                .clk(clk), .ce(1'b1), .wr_valid(bottom_valid[c]), .wr_first(bottom_first[c]), .wr_data(psum_bottom[c * L * P +: L * P]),
                .rd_valid(top_valid[c]), .rd_first(top_first[c]), .rd_use(top_use_buf[c]),
                .rd_data(psum_top[c * L * P +: L * P]));
            for (genvar l = 0; l < L; l++) begin : g_out
                assign out_valid[c * L + l] = bottom_valid[c] && bottom_final[c] && (!bottom_clast[c] || slot_live[c * L + l]);
            end
        end
    endgenerate

    qasim_array_stationary #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY), .WS(WS), .RW(RW)) u_array (
        .clk(clk), .rst_n(rst_n), .ce(1'b1), .pair_en(1'b1), .pair_first(1'b1), .x_signed(x_signed), .s_edge(s_edge), .s_edge_flags(s_edge_flags),
        .pre_edge(pre_edge), .pre_edge_valid(pre_edge_valid), .pre_edge_dest(pre_edge_dest), .psum_top(psum_top),
        .top_valid(top_valid), .top_first(top_first), .top_use_buf(top_use_buf), .psum_bottom(psum_bottom),
        .bottom_valid(bottom_valid), .bottom_first(bottom_first), .bottom_final(bottom_final),
        .bottom_clast(bottom_clast), .corner_last(corner_last), .ovf(ovf));

    assign out_data = psum_bottom;

    // sticky from the first event of a layer; the events of a cycle show after its clock edge
    always_ff @(posedge clk) begin
        if (!rst_n || start) begin
            overflow_q <= 1'b0;
        end else if (|ovf) begin
            overflow_q <= 1'b1;
        end
    end
    assign overflowed = overflow_q || (|ovf);
    assign trapped = POLICY == 2 && overflowed;
endmodule
