// The partial sums of one column of a ws/is array between row folds (the ofmap buffer's share of the column):
// DEPTH entries of W bits (the column's L lanes). The bottom PE's partial sums are written in step order from
// a fold's first element; the next row fold reads them in the same order as its elements enter the top PE.
// A read of the entry being written in the same cycle gets the value being written (the next row fold may
// start R cycles after this one, so its first read can meet this fold's last write). Writes and the read pointer
// move when ce is high (every cycle in a MAC array, at the end of a beat in a term-serial one).
module qasim_psum_buffer #(
    parameter int W = 32,
    parameter int DEPTH = 1024,
    parameter int AW = 10
) (
    input  logic         clk,
    input  logic         ce,
    input  logic         wr_valid,
    input  logic         wr_first,
    input  logic [W-1:0] wr_data,
    input  logic         rd_valid,
    input  logic         rd_first,
    input  logic         rd_use,
    output logic [W-1:0] rd_data
);
    logic [W-1:0]  mem [DEPTH];
    logic [AW-1:0] wr_q;
    logic [AW-1:0] rd_q;
    logic [AW-1:0] wr_addr;
    logic [AW-1:0] rd_addr;

    assign wr_addr = wr_first ? '0 : wr_q + AW'(1);
    assign rd_addr = rd_first ? '0 : rd_q + AW'(1);

    always_ff @(posedge clk) begin
        if (ce && wr_valid) begin
            mem[wr_addr] <= wr_data;
            wr_q <= wr_addr;
        end
        if (ce && rd_valid) begin
            rd_q <= rd_addr;
        end
    end

    assign rd_data = !rd_use ? '0 : (wr_valid && wr_addr == rd_addr) ? wr_data : mem[rd_addr];
endmodule
