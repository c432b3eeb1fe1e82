package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What every run of one layer on the same values computes alike, whatever the hardware, so that runs on other
 * hardware (a sweep's points) compute it once: the values, the exact outputs of the reference, the nonzero term
 * pairs of the values, the largest column L1 norm of the weights, and the fast engine's results on a MAC array
 * whose accumulator cannot overflow on any column ({@link #unbounded}). Each part is computed by the first run that
 * asks for it; a run that asks while another computes it waits for that result (a sweep's pool then lends its
 * other workers to the computation). Thread-safe.
 */
public final class SharedLayer {
    /**
     * The fast engine's value results where no column can overflow: each output its exact dot product, and the
     * smallest and largest exact prefix sum of the layer's chains in K order (0 included). Neither depends on the
     * array, its dataflow or the accumulator, as long as no column can overflow.
     */
    record Unbounded(long[] outputs, long min, long max) {}

    /**
     * The fast engine's value results with a wrapping or saturating accumulator that may overflow: outputs, how many
     * differ from their exact value, the exact prefix-sum extremes, and per output (in the output tensor's order) how
     * many additions of its chain overflow and the K index of the first. None of these depends on the array or its
     * dataflow; where each event happens (and so which ones a report lists first) does, and a run finds that from
     * them.
     */
    record Narrow(long[] outputs, long overflowedOutputs, long min, long max, int[] events, int[] firstEventK) {}

    private final Layer layer;
    private final Supplier<LayerValues> source;
    private final AtomicReference<ForkJoinTask<LayerValues>> values = new AtomicReference<>();
    private final AtomicReference<ForkJoinTask<long[]>> exact = new AtomicReference<>();
    private final AtomicReference<ForkJoinTask<NonzeroTermPairs>> pairs = new AtomicReference<>();
    private final AtomicReference<ForkJoinTask<Long>> maxColumnL1 = new AtomicReference<>();
    private final AtomicReference<ForkJoinTask<Long>> maxAbsData = new AtomicReference<>();
    private final AtomicReference<ForkJoinTask<Unbounded>> unbounded = new AtomicReference<>();
    /**
     * Results for accumulators that may overflow, the {@link #MAX_NARROW} used last (a sweep over accumulator widths
     * needs each once, a sweep over arrays at a few widths needs them again and again).
     */
    private final Map<AccumulatorSpec, AtomicReference<ForkJoinTask<Narrow>>> narrow = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AccumulatorSpec, AtomicReference<ForkJoinTask<Narrow>>> eldest) {
            return size() > MAX_NARROW;
        }
    };

    /** How many accumulators' {@link Narrow} results are kept. */
    static final int MAX_NARROW = 2;

    /** @param source the layer's values (called once) */
    public SharedLayer(Layer layer, Supplier<LayerValues> source) {
        this.layer = layer;
        this.source = source;
    }

    public Layer layer() {
        return layer;
    }

    public LayerValues values() {
        return once(values, source::get);
    }

    /** The exact outputs of the reference ({@link Reference#outputs}), in the output tensor's order. */
    public long[] exact() {
        return once(exact, () -> Reference.outputs(layer, values()));
    }

    /** The nonzero term pairs of the layer's values ({@link NonzeroTermPairs#of}). */
    NonzeroTermPairs pairs() {
        return once(pairs, () -> NonzeroTermPairs.of(new Lowered(layer, values())));
    }

    /** The largest ||w_n||_1 over the output columns of every group. */
    long maxColumnL1() {
        return once(maxColumnL1, () -> {
            long max = 0;
            for (long l1 : AccumulatorBounds.columnL1Norms(new Lowered(layer, values()))) {
                max = Math.max(max, l1);
            }
            return max;
        });
    }

    /** The largest magnitude of the data values. */
    long maxAbsData() {
        return once(maxAbsData, () -> {
            int[] range = values().data().range();
            return Math.max(Math.abs((long) range[0]), Math.abs((long) range[1]));
        });
    }

    /**
     * The fast engine's results where no column can overflow, from {@code compute} the first time (a run of the fast
     * engine on hardware whose accumulator cannot overflow on this layer).
     */
    Unbounded unbounded(Callable<Unbounded> compute) {
        return once(unbounded, compute);
    }

    /**
     * The fast engine's results with accumulator {@code acc} (wrap or saturate), from {@code compute} the first time
     * (a run of the fast engine with that accumulator).
     */
    Narrow narrow(AccumulatorSpec acc, Callable<Narrow> compute) {
        AtomicReference<ForkJoinTask<Narrow>> part;
        synchronized (narrow) {
            part = narrow.computeIfAbsent(acc, a -> new AtomicReference<>());
        }
        return once(part, compute);
    }

    /**
     * Bytes this may hold: 4 per value, 16 per output (exact and unbounded outputs), 16 per output for each of the
     * {@link #MAX_NARROW} accumulators that may overflow.
     */
    public long bytes() {
        return 4 * (count(layer.weightShape()) + count(layer.dataShape())) + 16 * (1 + MAX_NARROW) * count(layer.outputShape());
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The part's value: computed here by the first caller, joined by the others. A joining worker of a fork-join
     * pool lets the pool keep its parallelism while it waits, so the computation's own tasks still find workers.
     */
    private static <T> T once(AtomicReference<ForkJoinTask<T>> part, Callable<T> compute) {
        ForkJoinTask<T> task = part.get();
        if (task == null) {
            ForkJoinTask<T> mine = ForkJoinTask.adapt(compute);
            if (part.compareAndSet(null, mine)) {
                return mine.invoke();
            }
            task = part.get();
        }
        return task.join();
    }
}
