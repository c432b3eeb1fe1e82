// An output-stationary array with its controller and its edge skew.
//
// Operand buffers are outside: when str_pop is high in a cycle, the buffers present in that cycle the next
// stream vector: R data values on str_vec (row r at bits r MB) and C L weights on w_vec (slot j = PE column
// j / L, lane j mod L). str_pop depends on registers only.
//
// Outputs: every PE's side port, lane l of PE(r, c) at index (r C + c) L + l: out_valid marks the cycle after
// its output's last step, out_data holds the output then. ovf pulses for every overflow event. overflowed is
// sticky from the first event of a layer; under the trap policy (POLICY 2) the first event stops the
// controller (trapped).
module qasim_core_os #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int MB = 8,
    parameter int P = 32,
    parameter int POLICY = 0,
    parameter int OVERLAP = 1
) (
    input  logic                clk,
    input  logic                rst_n,
    input  logic                start,
    input  logic [31:0]         cfg_t,
    input  logic [31:0]         cfg_folds,
    input  logic [31:0]         cfg_row_folds,
    input  logic [31:0]         cfg_col_folds,
    input  logic [31:0]         cfg_rows_last,
    input  logic [31:0]         cfg_slots_last,
    input  logic                cfg_data_signed,
    output logic                busy,
    output logic                done,
    output logic                error,
    output logic                overflowed,
    output logic                trapped,
    output logic                str_pop,
    input  logic [R*MB-1:0]     str_vec,
    input  logic [C*L*MB-1:0]   w_vec,
    output logic [R*C*L-1:0]    out_valid,
    output logic [R*C*L*P-1:0]  out_data,
    output logic [R*C*L-1:0]    ovf
);
    logic              x_signed;
    logic [2:0]        str_flags;
    logic [R-1:0]      row_mask;
    logic [C*L-1:0]    slot_mask;
    logic              corner_last;
    logic              overflow_q;
    // the array's edges
    logic [R*MB-1:0]   x_edge;
    logic [R*4-1:0]    x_edge_flags;
    logic [C*L*MB-1:0] w_edge;
    logic [C*L-1:0]    w_edge_real;

    qasim_ctrl_os #(.R(R), .C(C), .L(L), .OVERLAP(OVERLAP)) u_ctrl (
        .clk(clk), .rst_n(rst_n), .ce(1'b1), .start(start), .cfg_t(cfg_t), .cfg_folds(cfg_folds), .cfg_row_folds(cfg_row_folds),
        .cfg_col_folds(cfg_col_folds), .cfg_rows_last(cfg_rows_last), .cfg_slots_last(cfg_slots_last),
        .cfg_data_signed(cfg_data_signed), .fold_done(corner_last), .halt(trapped), .busy(busy), .done(done),
        .error(error), .x_signed(x_signed), .str_pop(str_pop), .str_flags(str_flags), .row_mask(row_mask),
        .slot_mask(slot_mask));

    generate
        // data row r enters r cycles late
        for (genvar r = 0; r < R; r++) begin : g_data
            logic [MB-1:0] value;
            assign value = row_mask[r] ? str_vec[r * MB +: MB] : '0;
            if (r == 0) begin : g_now
                assign x_edge[0 +: MB] = value;
                assign x_edge_flags[0 +: 4] = {row_mask[0], str_flags};
            end else begin : g_skew
                logic       valid;
                logic [2:0] flags;
                qasim_delay #(.W(MB + 3), .D(r)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(1'b1), .valid_in(str_flags[0]), .data_in({row_mask[r], str_flags[2:1], value}),
                    .valid_out(valid), .data_out({flags, x_edge[r * MB +: MB]}));
                assign x_edge_flags[r * 4 +: 4] = {flags, valid};
            end
        end
        // weight column c enters c cycles late
        for (genvar c = 0; c < C; c++) begin : g_weights
            logic [L*MB-1:0] values;
            for (genvar l = 0; l < L; l++) begin : g_lane
                assign values[l * MB +: MB] = slot_mask[c * L + l] ? w_vec[(c * L + l) * MB +: MB] : '0;
            end
            // a lane's weight is real when it is valid and its slot holds work
            if (c == 0) begin : g_now
                assign w_edge[0 +: L * MB] = values;
                assign w_edge_real[0 +: L] = str_pop ? slot_mask[0 +: L] : '0;
            end else begin : g_skew
                logic         valid;
                logic [L-1:0] real_slots;
                qasim_delay #(.W(L * MB + L), .D(c)) u_delay (
                    .clk(clk), .rst_n(rst_n), .ce(1'b1), .valid_in(str_pop), .data_in({slot_mask[c * L +: L], values}),
                    .valid_out(valid), .data_out({real_slots, w_edge[c * L * MB +: L * MB]}));
                assign w_edge_real[c * L +: L] = valid ? real_slots : '0;
            end
        end
    endgenerate

    qasim_array_os #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY)) u_array (
        .clk(clk), .rst_n(rst_n), .ce(1'b1), .pair_en(1'b1), .pair_first(1'b1), .x_signed(x_signed), .x_edge(x_edge), .x_edge_flags(x_edge_flags), .w_edge(w_edge),
        .w_edge_real(w_edge_real), .out_data(out_data), .out_valid(out_valid), .corner_last(corner_last), .ovf(ovf));

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
