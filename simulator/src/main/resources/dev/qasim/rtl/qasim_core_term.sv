// A weight-stationary (WS = 1) or input-stationary (WS = 0) array of term-serial PEs (qasim_pe_term) with its
// controller, its HESE data encoders at the edge the data enter (ws: left, is: top), its edge skew and its
// partial-sum buffer. The array moves one beat at a time; every beat has
// K S pair cycles (budget-synchronous: a group's pairs never exceed its K weight terms times S data terms, so
// every PE finishes within the beat), and the beat in which a fold's stream starts has two cycles more first,
// in which the encoders' pipeline fills (qasim's model charges their two-cycle latency once per fold; here the
// encoders are combinational and the array waits those two cycles).
//
// Operand buffers are outside: when pre_pop is high (in a beat's first cycle) the buffer presents, in that
// cycle, the next preload vector on pre_vec (entry e of a fold meant for row R-1-e), when str_pop is high (in a
// beat's first cycle) the next stream vector on str_vec; the core holds both for the rest of the beat. A
// group's weights come as the K weight terms term revealing kept (offline, by the host), each 2 + EW + JW bits
// as qasim_pe_term reads them; its data as the G values, MB bits each (a short group's missing values zero).
// ws: pre_vec holds per PE column a group's weight terms, str_vec per row a group's data values; is: pre_vec
// per column a group's data values, str_vec per row a group's weight terms. pre_pop and str_pop depend on
// registers only.
//
// Outputs: out_valid[c] marks, in the first cycle of the beat after the one that computed it, a final output
// of column c leaving the bottom (out_data, P bits a column). ovf[r C + c] pulses in the cycle after PE(r, c)'s
// addition overflowed. overflowed is sticky from the first event of a layer. beat_first and pair_first say
// which cycle of its beat the array is in (its first; its first pair cycle).
module qasim_core_term #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int OVERLAP = 1,
    parameter int DEPTH = 1024,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3,
    parameter int WS = 1
) (
    input  logic                   clk,
    input  logic                   rst_n,
    input  logic                   start,
    input  logic [31:0]            cfg_t,
    input  logic [31:0]            cfg_folds,
    input  logic [31:0]            cfg_row_folds,
    input  logic [31:0]            cfg_col_folds,
    input  logic [31:0]            cfg_rows_last,
    input  logic [31:0]            cfg_slots_last,
    input  logic                   cfg_data_signed,
    output logic                   busy,
    output logic                   done,
    output logic                   error,
    output logic                   overflowed,
    output logic                   trapped,
    output logic                   pre_pop,
    input  logic [C*(WS != 0 ? K*(2+$clog2(MB+1)+(G > 1 ? $clog2(G) : 1)) : G*MB)-1:0] pre_vec,
    output logic                   str_pop,
    input  logic [R*(WS != 0 ? G*MB : K*(2+$clog2(MB+1)+(G > 1 ? $clog2(G) : 1)))-1:0] str_vec,
    output logic [C-1:0]           out_valid,
    output logic [C*P-1:0]         out_data,
    output logic [R*C-1:0]         ovf,
    output logic                   beat_first,
    output logic                   pair_first
);
    localparam int RW = R > 1 ? $clog2(R) : 1;
    localparam int AW = DEPTH > 1 ? $clog2(DEPTH) : 1;
    localparam int EW = $clog2(MB + 1);                 // an exponent: 0..MB
    localparam int JW = G > 1 ? $clog2(G) : 1;          // a weight's index in its group
    localparam int TB = 2 + EW;
    localparam int WB = 2 + EW + JW;
    localparam int DB = G * S * TB;                     // a group's data terms
    localparam int QB = K * WB;                         // a group's weight terms
    localparam int SB = WS != 0 ? DB : QB;              // a stream element
    localparam int PB = WS != 0 ? QB : DB;              // a preload entry
    localparam int SV = WS != 0 ? G * MB : QB;          // a row of a stream vector
    localparam int PV = WS != 0 ? QB : G * MB;          // a column of a preload vector
    localparam int STEPS = K * S;                       // pair cycles of a beat

    logic              x_signed;
    logic [C-1:0]      slot_live;
    logic [RW-1:0]     pre_dest;
    logic [C-1:0]      pre_mask;
    logic [5:0]        str_flags;
    logic [R-1:0]      str_mask;
    logic              pre_next;
    logic              str_next;
    logic              corner_last;
    logic              overflow_q;
    // the beat
    logic              ce;
    logic              pair_en;
    logic [R*SV-1:0]   str_q;
    logic [C*PV-1:0]   pre_q;
    logic [R*SV-1:0]   str_now;
    logic [C*PV-1:0]   pre_now;
    // the array's edges
    logic [R*SB-1:0]   s_edge;
    logic [R*6-1:0]    s_edge_flags;
    logic [C*PB-1:0]   pre_edge;
    logic [C-1:0]      pre_edge_valid;
    logic [C*RW-1:0]   pre_edge_dest;
    logic [C*P-1:0]    psum_top;
    logic [C-1:0]      top_valid;
    logic [C-1:0]      top_first;
    logic [C-1:0]      top_use_buf;
    logic [C*P-1:0]    psum_bottom;
    logic [C-1:0]      bottom_valid;
    logic [C-1:0]      bottom_first;
    logic [C-1:0]      bottom_final;
    logic [C-1:0]      bottom_clast;

    // the controller moves once a beat; what it pops is fetched in the beat's first cycle
    qasim_ctrl_stationary #(.R(R), .C(C), .L(1), .OVERLAP(OVERLAP), .DEPTH(DEPTH), .RW(RW)) u_ctrl (
        .clk(clk), .rst_n(rst_n), .ce(ce), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds),
        .cfg_row_folds(cfg_row_folds), .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last),
        .cfg_slots_last(cfg_slots_last), .cfg_data_signed(cfg_data_signed), .fold_done(corner_last & ce),
        .halt(1'b0), .busy(busy), .done(done), .error(error), .x_signed(x_signed), .slot_live(slot_live),
        .pre_pop(pre_next), .pre_dest(pre_dest), .pre_mask(pre_mask), .str_pop(str_next), .str_flags(str_flags),
        .str_mask(str_mask));

    // the beat: two fill cycles when a fold's stream starts, then K S pair cycles; ce in its last cycle
    qasim_beat #(.STEPS(STEPS)) u_beat (
        .clk(clk), .rst_n(rst_n), .start(start), .fill(str_flags[0] & str_flags[1]), .ce(ce), .pair_en(pair_en),
        .beat_first(beat_first), .pair_first(pair_first));
    assign pre_pop = pre_next & beat_first;
    assign str_pop = str_next & beat_first;
    assign str_now = beat_first ? str_vec : str_q;
    assign pre_now = beat_first ? pre_vec : pre_q;

    always_ff @(posedge clk) begin
        if (beat_first) begin
            str_q <= str_vec;
            pre_q <= pre_vec;
        end
    end

    generate
        // row r of the stream enters r beats late (ws: through its encoders)
        for (genvar r = 0; r < R; r++) begin : g_stream
            logic [SV-1:0] values;
            logic [SV-1:0] skewed;
            assign values = str_mask[r] ? str_now[r * SV +: SV] : '0;
            if (r == 0) begin : g_now
                assign skewed = values;
                assign s_edge_flags[0 +: 6] = str_flags;
            end else begin : g_skew
                logic       valid;
                logic [4:0] flags;
                qasim_delay #(.W(SV + 5), .D(r)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(ce), .valid_in(str_flags[0]), .data_in({str_flags[5:1], values}),
                    .valid_out(valid), .data_out({flags, skewed}));
                assign s_edge_flags[r * 6 +: 6] = {flags, valid};
            end
            if (WS != 0) begin : g_encode
                for (genvar j = 0; j < G; j++) begin : g_encoder
                    qasim_hese_encoder #(.MB(MB), .S(S), .EW(EW)) u_hese (
                        .x_signed(x_signed), .x(skewed[j * MB +: MB]), .terms(s_edge[r * SB + j * S * TB +: S * TB]));
                end
            end else begin : g_terms
                assign s_edge[r * SB +: SB] = skewed;
            end
        end
        // column c of the preload enters c beats late (is: through its encoders)
        for (genvar c = 0; c < C; c++) begin : g_preload
            logic [PV-1:0] values;
            logic [PV-1:0] skewed;
            assign values = pre_mask[c] ? pre_now[c * PV +: PV] : '0;
            if (c == 0) begin : g_now
                assign skewed = values;
                assign pre_edge_valid[0] = pre_next;
                assign pre_edge_dest[0 +: RW] = pre_dest;
            end else begin : g_skew
                qasim_delay #(.W(PV + RW), .D(c)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(ce), .valid_in(pre_next), .data_in({pre_dest, values}),
                    .valid_out(pre_edge_valid[c]), .data_out({pre_edge_dest[c * RW +: RW], skewed}));
            end
            if (WS != 0) begin : g_terms
                assign pre_edge[c * PB +: PB] = skewed;
            end else begin : g_encode
                for (genvar j = 0; j < G; j++) begin : g_encoder
                    qasim_hese_encoder #(.MB(MB), .S(S), .EW(EW)) u_hese (
                        .x_signed(x_signed), .x(skewed[j * MB +: MB]), .terms(pre_edge[c * PB + j * S * TB +: S * TB]));
                end
            end
            // partial sums between row folds, and the outputs of the last row fold
            qasim_psum_buffer #(.W(P), .DEPTH(DEPTH), .AW(AW)) u_psum (
                .clk(clk), .ce(ce), .wr_valid(bottom_valid[c]), .wr_first(bottom_first[c]), .wr_data(psum_bottom[c * P +: P]),
                .rd_valid(top_valid[c]), .rd_first(top_first[c]), .rd_use(top_use_buf[c]), .rd_data(psum_top[c * P +: P]));
            assign out_valid[c] = beat_first && bottom_valid[c] && bottom_final[c] && (!bottom_clast[c] || slot_live[c]);
        end
    endgenerate

    qasim_array_stationary #(.R(R), .C(C), .L(1), .MB(MB), .P(P), .POLICY(POLICY), .WS(WS), .RW(RW), .TERM(1), .G(G), .K(K),
            .S(S), .EW(EW), .JW(JW), .SB(SB), .PB(PB)) u_array (
        .clk(clk), .rst_n(rst_n), .ce(ce), .pair_en(pair_en), .pair_first(pair_first), .x_signed(x_signed),
        .s_edge(s_edge), .s_edge_flags(s_edge_flags), .pre_edge(pre_edge), .pre_edge_valid(pre_edge_valid),
        .pre_edge_dest(pre_edge_dest), .psum_top(psum_top), .top_valid(top_valid), .top_first(top_first),
        .top_use_buf(top_use_buf), .psum_bottom(psum_bottom), .bottom_valid(bottom_valid), .bottom_first(bottom_first),
        .bottom_final(bottom_final), .bottom_clast(bottom_clast), .corner_last(corner_last), .ovf(ovf));

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
    // term-serial PEs wrap or saturate: nothing traps
    assign trapped = 1'b0;
endmodule
