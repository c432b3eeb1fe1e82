// A layer's program, latched at start (all counts 32 bits), and the folds the array has finished:
//   cfg_t          T, the stream elements of a fold (os: K, one output's reduction)
//   cfg_folds      the layer's folds (groups x column folds x row folds, row folds innermost)
//   cfg_row_folds  FR, cfg_col_folds FC
//   cfg_rows_last  rows holding work in the last row fold (1..R), cfg_slots_last column slots in the last
//                  column fold (1..C L)
//   cfg_data_signed whether the layer's data are signed
// row_live[r] and slot_live[j] say whether row r and slot j hold work in a last row or column fold.
// error: the program cannot run (a count is zero or out of range, or, with a partial-sum buffer of DEPTH > 0
// entries, T exceeds it while the layer has more than one row fold); nothing starts. done: every fold has
// passed PE(R-1, C-1) (fold_done pulses once a fold).
module qasim_program #(
    parameter int R = 4,
    parameter int C = 4,
    parameter int L = 1,
    parameter int DEPTH = 0
) (
    input  logic           clk,
    input  logic           rst_n,
    input  logic           start,
    input  logic [31:0]    cfg_t,
    input  logic [31:0]    cfg_folds,
    input  logic [31:0]    cfg_row_folds,
    input  logic [31:0]    cfg_col_folds,
    input  logic [31:0]    cfg_rows_last,
    input  logic [31:0]    cfg_slots_last,
    input  logic           cfg_data_signed,
    input  logic           fold_done,
    output logic [31:0]    t,
    output logic [31:0]    folds,
    output logic [31:0]    row_folds,
    output logic [31:0]    col_folds,
    output logic           x_signed,
    output logic [R-1:0]   row_live,
    output logic [C*L-1:0] slot_live,
    output logic           running,
    output logic [31:0]    folds_done,
    output logic           busy,
    output logic           done,
    output logic           error
);
    logic [31:0] rows_last_q;
    logic [31:0] slots_last_q;
    logic        error_q;
    logic        bad;

    assign bad = cfg_t == 0 || cfg_folds == 0 || cfg_row_folds == 0 || cfg_col_folds == 0 || cfg_rows_last == 0
            || cfg_rows_last > 32'(R) || cfg_slots_last == 0 || cfg_slots_last > 32'(C * L)
            || (DEPTH > 0 && cfg_row_folds > 1 && cfg_t > 32'(DEPTH));

    generate
        for (genvar r = 0; r < R; r++) begin : g_row
            assign row_live[r] = 32'(r) < rows_last_q;
        end
        for (genvar j = 0; j < C * L; j++) begin : g_slot
            assign slot_live[j] = 32'(j) < slots_last_q;
        end
    endgenerate

    assign busy = running && folds_done != folds;
    assign done = running && folds_done == folds;
    assign error = error_q;

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            running <= 1'b0;
            error_q <= 1'b0;
        end else if (start) begin
            t <= cfg_t;
            folds <= cfg_folds;
            row_folds <= cfg_row_folds;
            col_folds <= cfg_col_folds;
            rows_last_q <= cfg_rows_last;
            slots_last_q <= cfg_slots_last;
            x_signed <= cfg_data_signed;
            running <= !bad;
            error_q <= bad;
            folds_done <= '0;
        end else if (fold_done) begin
            folds_done <= folds_done + 1;
        end
    end
endmodule
