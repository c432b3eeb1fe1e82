package dev.qasim.explore;

import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Reference;
import dev.qasim.workload.ReferenceBlocks;
import dev.qasim.workload.WorkloadLoader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer's values and exact outputs, kept for the points that follow: in a sweep most points run the same
 * layers on other hardware, and generating the values and the direct-loop reference costs about as much as the
 * simulation itself. Keyed by the layer (its shapes, operand types and value source, which fix the values);
 * the least recently used entries are dropped beyond a budget of bytes. Thread-safe: an entry is computed once,
 * by the first point that needs it.
 */
final class ValueCache {
    /** One layer's values and exact outputs, computed on first use. */
    private static final class Entry {
        private final Layer layer;
        private LayerValues values;
        private long[] exact;

        Entry(Layer layer) {
            this.layer = layer;
        }

        synchronized LayerValues values() {
            if (values == null) {
                values = WorkloadLoader.values(layer);
            }
            return values;
        }

        synchronized long[] exact() {
            if (exact == null) {
                exact = ReferenceBlocks.outputs(layer, values());
            }
            return exact;
        }

        /** Bytes held: 4 per value, 8 per exact output. */
        long bytes() {
            return 4 * (count(layer.weightShape()) + count(layer.dataShape())) + 8 * count(layer.outputShape());
        }

        private static long count(int[] shape) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final long budgetBytes;
    private final LinkedHashMap<Layer, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param budgetBytes the most bytes kept; the entry in use is kept even when it alone is larger */
    ValueCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** A budget for this JVM: a quarter of the heap, at most 1 GiB. */
    static ValueCache forHeap() {
        return new ValueCache(Math.min(Runtime.getRuntime().maxMemory() / 4, 1L << 30));
    }

    LayerValues values(Layer layer) {
        return entry(layer).values();
    }

    /** The exact outputs of the layer on its values ({@link Reference#outputs}). */
    long[] exact(Layer layer, LayerValues values) {
        return entry(layer).exact();
    }

    private synchronized Entry entry(Layer layer) {
        Entry e = entries.get(layer);
        if (e == null) {
            e = new Entry(layer);
            entries.put(layer, e);
            bytes += e.bytes();
            for (Iterator<Map.Entry<Layer, Entry>> it = entries.entrySet().iterator(); bytes > budgetBytes && it.hasNext(); ) {
                Entry oldest = it.next().getValue();
                if (oldest != e) {
                    bytes -= oldest.bytes();
                    it.remove();
                }
            }
        }
        return e;
    }
}
