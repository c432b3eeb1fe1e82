// An output-stationary array of term-serial PEs (qasim_pe_term_os) with its controller, its HESE data encoders
// at the left edge and its edge skew. The array moves one beat at a time (qasim_beat: K S pair cycles, two more
// first in the beat a fold's stream starts).
//
// Operand buffers are outside: when str_pop is high (in a beat's first cycle) the buffers present in that cycle
// the next stream vectors, which the core holds for the rest of the beat: per row a group's G data values on
// str_vec (MB bits each, value j of row r at bits (r G + j) MB; a short group's missing values zero) and per
// column the K weight terms term revealing kept of the group's weights on w_vec (offline, by the host; each
// 2 + EW + JW bits as qasim_term_walk reads them). str_pop depends on registers only.
//
// Outputs: every PE's side port, PE(r, c) at index r C + c: out_valid marks, in the first cycle of the beat after
// its output's last step, that out_data holds the output. ovf[r C + c] pulses in the cycle after PE(r, c)'s
// addition overflowed. overflowed is sticky from the first event of a layer. beat_first and pair_first say
// which cycle of its beat the array is in (its first; its first pair cycle).
module qasim_core_term_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int OVERLAP = 1,
    parameter int G = 8,
    parameter int K = 12,
    parameter int S = 3
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
    output logic                   str_pop,
    input  logic [R*G*MB-1:0]      str_vec,
    input  logic [C*K*(2+$clog2(MB+1)+(G > 1 ? $clog2(G) : 1))-1:0] w_vec,
    output logic [R*C-1:0]         out_valid,
    output logic [R*C*P-1:0]       out_data,
    output logic [R*C-1:0]         ovf,
    output logic                   beat_first,
    output logic                   pair_first
);
    localparam int EW = $clog2(MB + 1);                 // an exponent: 0..MB
    localparam int JW = G > 1 ? $clog2(G) : 1;          // a weight's index in its group
    localparam int TB = 2 + EW;
    localparam int DB = G * S * TB;                     // a group's data terms
    localparam int QB = K * (2 + EW + JW);              // a group's weight terms
    localparam int STEPS = K * S;                       // pair cycles of a beat

    logic              x_signed;
    logic [2:0]        str_flags;
    logic [R-1:0]      row_mask;
    logic [C-1:0]      slot_mask;
    logic              str_next;
    logic              corner_last;
    logic              overflow_q;
    logic              ce;
    logic              pair_en;
    logic [R*G*MB-1:0] str_q;
    logic [C*QB-1:0]   w_q;
    logic [R*G*MB-1:0] str_now;
    logic [C*QB-1:0]   w_now;
    logic [R*C-1:0]    port_valid;
    // the array's edges
    logic [R*DB-1:0]   x_edge;
    logic [R*4-1:0]    x_edge_flags;
    logic [C*QB-1:0]   w_edge;
    logic [C-1:0]      w_edge_real;

    // the controller moves once a beat; what it pops is fetched in the beat's first cycle
    qasim_ctrl_os #(.R(R), .C(C), .L(1), .OVERLAP(OVERLAP)) u_ctrl (
        .clk(clk), .rst_n(rst_n), .ce(ce), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds),
        .cfg_row_folds(cfg_row_folds), .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last),
        .cfg_slots_last(cfg_slots_last), .cfg_data_signed(cfg_data_signed), .fold_done(corner_last & ce), .halt(1'b0),
        .busy(busy), .done(done), .error(error), .x_signed(x_signed), .str_pop(str_next), .str_flags(str_flags),
        .row_mask(row_mask), .slot_mask(slot_mask));

    // the beat: two fill cycles when a fold's stream starts, then K S pair cycles; ce in its last cycle
    qasim_beat #(.STEPS(STEPS)) u_beat (
        .clk(clk), .rst_n(rst_n), .start(start), .fill(str_flags[0] & str_flags[1]), .ce(ce), .pair_en(pair_en),
        .beat_first(beat_first), .pair_first(pair_first));
    assign str_pop = str_next & beat_first;
    assign str_now = beat_first ? str_vec : str_q;
    assign w_now = beat_first ? w_vec : w_q;

    always_ff @(posedge clk) begin
        if (beat_first) begin
            str_q <= str_vec;
            w_q <= w_vec;
        end
    end

    generate
        // data row r enters r beats late, through its encoders
        for (genvar r = 0; r < R; r++) begin : g_data
            logic [G*MB-1:0] values;
            logic [G*MB-1:0] skewed;
            assign values = row_mask[r] ? str_now[r * G * MB +: G * MB] : '0;
            if (r == 0) begin : g_now
                assign skewed = values;
                assign x_edge_flags[0 +: 4] = {row_mask[0], str_flags};
            end else begin : g_skew
                logic       valid;
                logic [2:0] flags;
                qasim_delay #(.W(G * MB + 3), .D(r)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(ce), .valid_in(str_flags[0]), .data_in({row_mask[r], str_flags[2:1], values}),
                    .valid_out(valid), .data_out({flags, skewed}));
                assign x_edge_flags[r * 4 +: 4] = {flags, valid};
            end
            for (genvar j = 0; j < G; j++) begin : g_encoder
                qasim_hese_encoder #(.MB(MB), .S(S), .EW(EW)) u_hese (
                    .x_signed(x_signed), .x(skewed[j * MB +: MB]), .terms(x_edge[r * DB + j * S * TB +: S * TB]));
            end
        end
        // weight column c enters c beats late; its weights are real when valid and its column holds work
        for (genvar c = 0; c < C; c++) begin : g_weights
            logic [QB-1:0] values;
            assign values = slot_mask[c] ? w_now[c * QB +: QB] : '0;
            if (c == 0) begin : g_now
                assign w_edge[0 +: QB] = values;
                assign w_edge_real[0] = str_next && slot_mask[0];
            end else begin : g_skew
                logic valid;
                logic real_slot;
                qasim_delay #(.W(QB + 1), .D(c)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(ce), .valid_in(str_next), .data_in({slot_mask[c], values}),
                    .valid_out(valid), .data_out({real_slot, w_edge[c * QB +: QB]}));
                assign w_edge_real[c] = valid && real_slot;
            end
        end
    endgenerate

    qasim_array_os #(.R(R), .C(C), .L(1), .MB(MB), .P(P), .POLICY(POLICY), .TERM(1), .G(G), .K(K), .S(S), .EW(EW), .JW(JW),
            .XB(DB), .WB(QB)) u_array (
        .clk(clk), .rst_n(rst_n), .ce(ce), .pair_en(pair_en), .pair_first(pair_first), .x_signed(x_signed),
        .x_edge(x_edge), .x_edge_flags(x_edge_flags), .w_edge(w_edge), .w_edge_real(w_edge_real), .out_data(out_data),
        .out_valid(port_valid), .corner_last(corner_last), .ovf(ovf));
    // a side port holds its output in the first cycle of the beat after the output's last step
    assign out_valid = beat_first ? port_valid : '0;

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
