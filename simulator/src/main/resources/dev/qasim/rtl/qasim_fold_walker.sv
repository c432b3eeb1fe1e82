// Walks a layer's folds for one of the controller's operand streams: every fold pops `length` vectors, one a
// cycle from the cycle `begin` is high, and the walker knows which row fold and column fold it is in (row folds
// innermost, then column folds, then groups: the group itself needs no count). `restart` clears it for a new
// layer. Outputs depend on registers and `begin` only. The walker moves when ce is high (every cycle in a MAC
// array, at the end of a beat in a term-serial one).
module qasim_fold_walker (
    input  logic        clk,
    input  logic        rst_n,
    input  logic        restart,
    input  logic        ce,
    input  logic        begin_fold,
    input  logic [31:0] length,
    input  logic [31:0] row_folds,
    input  logic [31:0] col_folds,
    output logic        pop,
    output logic [31:0] index,
    output logic        last,
    output logic        active,
    output logic [31:0] started,
    output logic [31:0] row_fold,
    output logic        row_last,
    output logic        col_last
);
    logic [31:0] started_q;
    logic        active_q;
    logic [31:0] index_q;
    logic [31:0] row_fold_q;
    logic [31:0] col_fold_q;

    assign pop = active_q || begin_fold;
    assign index = begin_fold ? 32'd0 : index_q;
    assign last = index == length - 1;
    assign active = active_q;
    assign started = started_q;
    assign row_fold = row_fold_q;
    assign row_last = row_fold_q == row_folds - 1;
    assign col_last = col_fold_q == col_folds - 1;

    always_ff @(posedge clk) begin
        if (!rst_n) begin
            active_q <= 1'b0;
        end else if (restart) begin
            started_q <= '0;
            active_q <= 1'b0;
            index_q <= '0;
            row_fold_q <= '0;
            col_fold_q <= '0;
        end else if (ce) begin
            if (begin_fold) begin
                started_q <= started_q + 1;
            end
            if (pop) begin
                active_q <= !last;
                index_q <= last ? 32'd0 : index + 1;
                if (last) begin
                    row_fold_q <= row_last ? 32'd0 : row_fold_q + 1;
                    if (row_last) begin
                        col_fold_q <= col_last ? 32'd0 : col_fold_q + 1;
                    end
                end
            end
        end
    end
endmodule
