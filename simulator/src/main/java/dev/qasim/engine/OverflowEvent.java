package dev.qasim.engine;

/**
 * One overflow event with where and when it happened (docs/timing.md): an addition whose exact result left the
 * accumulator's range.
 *
 * @param where   the PE and the cycle of the addition
 * @param product the output and the product added to it
 * @param sum     the addition: its operands and what the policy made of it
 */
public record OverflowEvent(Where where, Product product, Sum sum) {

    /**
     * Where in the array and when.
     *
     * @param fold  the fold index (row folds innermost, then column folds, then groups)
     * @param row   the PE's row
     * @param col   the PE's column
     * @param lane  the PE's lane (0 when a PE has one)
     * @param cycle the compute cycle of the addition (cycle 0 is the layer's first; stalls not counted)
     */
    public record Where(int fold, int row, int col, int lane, long cycle) {}

    /**
     * Which product was added to which output.
     *
     * @param group the conv group of the output
     * @param m     the output's row in matrix form
     * @param n     the output's column in matrix form (within the group)
     * @param k     the index of the product added, in K order
     * @param term  the term pair's index within its PE's group step (term-serial PEs; 0 for MAC PEs)
     */
    public record Product(int group, int m, int n, int k, int term) {}

    /**
     * The addition.
     *
     * @param before the accumulator's value before the addition
     * @param addend the product added
     * @param result the value the policy produced
     */
    public record Sum(long before, long addend, long result) {}

    /** Time order: cycle, then PE row, PE column, lane and term pair. */
    static int compareTime(OverflowEvent a, OverflowEvent b) {
        int c = Long.compare(a.where.cycle, b.where.cycle);
        if (c == 0) {
            c = Integer.compare(a.where.row, b.where.row);
        }
        if (c == 0) {
            c = Integer.compare(a.where.col, b.where.col);
        }
        if (c == 0) {
            c = Integer.compare(a.where.lane, b.where.lane);
        }
        return c != 0 ? c : Integer.compare(a.product.term, b.product.term);
    }
}
