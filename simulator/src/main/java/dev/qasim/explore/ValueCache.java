package dev.qasim.explore;

import dev.qasim.engine.SharedLayer;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.WorkloadLoader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the points of a sweep share per layer ({@link SharedLayer}: the values, the exact outputs, the nonzero term
 * pairs, the engine's results where no column can overflow), kept for the points that follow: most points run the
 * same layers on other hardware, and these cost about as much as the rest of a point. Keyed by the layer (its shapes,
 * operand types and value source, which fix the values); the least recently used entries are dropped beyond a budget
 * of bytes. Thread-safe: each part of an entry is computed once, by the first point that needs it.
 */
final class ValueCache {
    private final long budgetBytes;
    private final LinkedHashMap<Layer, SharedLayer> entries = new LinkedHashMap<>(16, 0.75f, true);
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
        return shared(layer).values();
    }

    /** The layer's shared part, made on first use. */
    synchronized SharedLayer shared(Layer layer) {
        SharedLayer e = entries.get(layer);
        if (e == null) {
            e = new SharedLayer(layer, () -> WorkloadLoader.values(layer));
            entries.put(layer, e);
            bytes += e.bytes();
            for (Iterator<Map.Entry<Layer, SharedLayer>> it = entries.entrySet().iterator(); bytes > budgetBytes && it.hasNext(); ) {
                SharedLayer oldest = it.next().getValue();
                if (oldest != e) {
                    bytes -= oldest.bytes();
                    it.remove();
                }
            }
        }
        return e;
    }
}
