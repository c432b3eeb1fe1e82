package dev.qasim.workload;

/**
 * How a convolution's output size follows from its input (the workload key {@code outputSize}).
 * <ul>
 *   <li>{@link #STANDARD}: floor((H + 2P - D(K - 1) - 1) / S) + 1, the windows that lie inside the padded input (what
 *   every framework computes).</li>
 *   <li>{@link #SCALESIM}: ceil((H + 2P - D(K - 1) - 1) / S) + 1, which is SCALE-Sim's ceil((H - K + S) / S) for its
 *   unpadded, undilated layers: one more output row (column) whenever the stride does not divide H + 2P - D(K - 1) - 1.
 *   The extra windows reach past the input's bottom (right) edge and read zeros there, as SCALE-Sim's windows read
 *   no element there; for strict comparisons with SCALE-Sim.</li>
 * </ul>
 */
public enum OutputSize {
    STANDARD, SCALESIM;

    /** One spatial dimension's output size under this rule (may be below 1 when the kernel does not fit). */
    public int of(int in, int kernel, int stride, int pad, int dilation) {
        long span = in + 2L * pad - (long) dilation * (kernel - 1) - 1;
        if (span < 0) {
            return 0;
        }
        return (int) (this == STANDARD ? span / stride + 1 : (span + stride - 1) / stride + 1);
    }
}
