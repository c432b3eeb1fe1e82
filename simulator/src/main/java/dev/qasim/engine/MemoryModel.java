package dev.qasim.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.qasim.config.MemoryConfig;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.Layer;
import dev.qasim.workload.OutputSize;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memory system of docs/memory-model.md: double-buffered ifmap, filter and ofmap SRAMs fed from DRAM at
 * {@code dramBytesPerCycle}, shared. Works fold by fold on the compute schedule:
 * <ul>
 *   <li>Each fold needs tiles: a stationary tile, a streamed tile (ws: weights R x C and data T x R), and for
 *   ws/is row folds after the first the partial sums of the previous one. A tile stays in its buffer, least
 *   recently used first out, while it fits half the buffer (the other half takes the next fold's tiles), so a
 *   tile used again by a later fold is fetched once when it fits. A tile larger than half its buffer cannot be
 *   prefetched: it streams in during its own fold.</li>
 *   <li>Window f runs from N_f (the fold's first need of its inputs: its preload start, or its stream start
 *   in os) to N_(f+1). In window f the link carries the next fold's prefetchable tiles, this fold's
 *   streamed-through tiles, and the results of the previous fold (outputs, or partial sums that do not fit half
 *   the ofmap buffer). If that takes longer than the window, the array stalls for the difference.</li>
 *   <li>The first fold's prefetchable tiles are the initial fill ({@code prefetchCycles}, reported apart); the
 *   last fold's results are written back after the last window, and the layer waits for them (stall).</li>
 * </ul>
 * Words are as wide as their operand; partial sums are accumulator-wide; outputs leave for DRAM requantized to
 * the layer's data width, as an inference accelerator writes its activations.
 */
public final class MemoryModel {
    private static final double MAX_CYCLES = 0x1p62;

    private MemoryModel() {}

    /**
     * Accounts the memory traffic of the first {@code foldsRun} folds of a layer.
     *
     * @param weightBits width of a weight word
     * @param dataBits   width of a data word
     * @param accBits    width of a partial sum (outputs are written at {@code dataBits})
     */
    public static MemoryStats account(Mapping map, MemoryConfig memory, int weightBits, int dataBits, int accBits, int foldsRun) {
        return new Accountant(map, memory, weightBits, dataBits, accBits, null, 0).run(foldsRun);
    }

    /**
     * The same for a layer: a convolution's data tiles cost the distinct input elements under them
     * ({@link DataFootprint}), not the lowered matrix's repeated windows.
     */
    public static MemoryStats account(Layer layer, Mapping map, MemoryConfig memory, int weightBits, int dataBits, int accBits,
                                      int foldsRun) {
        return account(layer, map, memory, weightBits, dataBits, accBits, foldsRun, MEMO_FOLDS);
    }

    /** The same, the footprints of layers of at most {@code memoFolds} folds kept ({@link #FOOTPRINTS}; tests vary it). */
    static MemoryStats account(Layer layer, Mapping map, MemoryConfig memory, int weightBits, int dataBits, int accBits,
                               int foldsRun, int memoFolds) {
        return new Accountant(map, memory, weightBits, dataBits, accBits, layer instanceof Conv2d conv ? conv : null, memoFolds)
                .run(foldsRun);
    }

    /**
     * Layers of more folds than this (a huge image on a small array) have their footprints counted as their folds come,
     * not kept: the memory model then holds nothing per fold.
     */
    static final int MEMO_FOLDS = 1 << 16;

    /**
     * Per fold, the input elements its data tile costs ({@link Accountant#data}): those not fetched before when the
     * whole input tensor is resident, else the tile's distinct elements. A pure function of the convolution and the
     * folds' tiles, which a sweep's points repeat whenever they differ in anything but the array's shape, dataflow or
     * lanes (buffers, bandwidth, accumulators, energy), so this process keeps the results of the latest tile sequences
     * (at most about 2 M folds' worth).
     */
    private static final Cache<Tiles, long[]> FOOTPRINTS = CacheBuilder.newBuilder().maximumWeight(1 << 21)
            .weigher((Tiles key, long[] value) -> value.length).build();

    /**
     * The distinct input elements a convolution's windows read ({@link DataFootprint#tensorElements}), by its shape:
     * every run of the layer needs it, whatever its array.
     */
    private static final Cache<ConvShape, Long> TENSOR_ELEMENTS = CacheBuilder.newBuilder().maximumSize(4096).build();

    /** What a convolution's footprint depends on: its shape, never its values (which the caches must not keep). */
    private record ConvShape(int batch, int channels, int outChannels, int groups, Conv2d.Axis h, Conv2d.Axis w,
                             OutputSize outputSize) {
        static ConvShape of(Conv2d c) {
            return new ConvShape(c.batch(), c.channels(), c.outChannels(), c.groups(), c.h(), c.w(), c.outputSize());
        }
    }

    /**
     * A convolution's data tiles, fold by fold ({g, m0, m1, k0, k1} each), in one mode. The convolution is kept by its
     * shape alone ({@link ConvShape}): a layer's values (a model run's activations) must not stay reachable.
     */
    private record Tiles(ConvShape shape, boolean resident, int[] tiles) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Tiles t && t.resident == resident && t.shape.equals(shape) && Arrays.equals(t.tiles, tiles);
        }

        @Override
        public int hashCode() {
            return (31 * shape.hashCode() + Boolean.hashCode(resident)) * 31 + Arrays.hashCode(tiles);
        }

        /** The elements of each tile of {@code conv}, whose shape this is. */
        long[] elements(Conv2d conv) {
            DataFootprint footprint = new DataFootprint(conv);
            long[] out = new long[tiles.length / 5];
            for (int f = 0; f < out.length; f++) {
                int at = 5 * f;
                out[f] = resident ? footprint.fetch(tiles[at], tiles[at + 1], tiles[at + 2], tiles[at + 3], tiles[at + 4])
                        : footprint.elements(tiles[at], tiles[at + 1], tiles[at + 2], tiles[at + 3], tiles[at + 4]);
            }
            return out;
        }
    }

    /**
     * When the DRAM link moves each operand, window by window (docs/memory-model.md): the first and last cycle of the
     * windows in which it moves, in the layer's cycles (0 is the first fold's need of its inputs; the initial fill
     * lies before 0, the last results' write-back at the end of the stalls), and how many bits it moves. Operand 0 is
     * the data, 1 the weights, 2 the outputs with any spilled partial sums (written and read back). An operand moved
     * in a window of no cycles (an unlimited link) counts that window's first cycle; one that never moves has 0, 0.
     */
    public record DramActivity(Span data, Span weights, Span outputs) {
        /** Operand 0, 1 or 2. */
        public Span of(int operand) {
            return operand == 0 ? data : operand == 1 ? weights : outputs;
        }
    }

    /** One operand's DRAM activity: first and last cycle, bits moved. */
    public record Span(long start, long stop, long bits) {}

    private enum Buffer { IFMAP, FILTER, OFMAP }

    /** A buffer's resident tiles, least recently used first, within half its capacity. */
    private static final class Residency {
        final double capacityBits;
        final LinkedHashMap<String, Long> tiles = new LinkedHashMap<>(16, 0.75f, true);
        long used;

        Residency(double kib) {
            this.capacityBits = kib * 1024 * 8 / 2;
        }

        boolean fits(long bits) {
            return bits <= capacityBits;
        }

        /** Touches a tile; returns true when it was resident. A tile that fits evicts older ones as needed. */
        boolean use(String id, long bits) {
            if (tiles.containsKey(id)) {
                tiles.get(id);
                return true;
            }
            if (!fits(bits)) {
                return false;
            }
            while (used + bits > capacityBits && !tiles.isEmpty()) {
                Map.Entry<String, Long> oldest = tiles.entrySet().iterator().next();
                used -= oldest.getValue();
                tiles.remove(oldest.getKey());
            }
            tiles.put(id, bits);
            used += bits;
            return false;
        }
    }

    /** The windows in which each operand moves, as they are met. */
    private static final class Timeline {
        final long[] start = new long[3];
        final long[] stop = new long[3];
        final long[] bits = new long[3];
        final boolean[] seen = new boolean[3];

        /** Window [from, to] moves {@code ops[operand][kind]} bits of each operand. */
        void window(long from, long to, long[][] ops, int kind) {
            for (int op = 0; op < 3; op++) {
                long b = ops[op][kind];
                if (b == 0) {
                    continue;
                }
                bits[op] += b;
                start[op] = seen[op] ? Math.min(start[op], from) : from;
                stop[op] = seen[op] ? Math.max(stop[op], to) : to;
                seen[op] = true;
            }
        }

        DramActivity activity() {
            return new DramActivity(new Span(start[0], stop[0], bits[0]), new Span(start[1], stop[1], bits[1]),
                    new Span(start[2], stop[2], bits[2]));
        }
    }

    private static final class Accountant {
        final Mapping map;
        final double bytesPerCycle;
        final int wBits;
        final int xBits;
        final int accBits;
        final Residency ifmap;
        final Residency filter;
        final double ofmapHalfBits;
        long ifmapRead;
        long ifmapWrite;
        long filterRead;
        long filterWrite;
        long ofmapRead;
        long ofmapWrite;
        long dramData;
        long dramWeights;
        long dramPsumRead;
        long dramPsumWrite;
        long dramOutputs;
        /** The current fold's DRAM bits by operand (data, weights, ofmap) and by kind (as {@link #fold}'s). */
        long[][] byOperand;

        /**
         * Per fold, the input elements its data tile costs ({@link #FOOTPRINTS}); null for a layer that is no convolution
         * or has too many folds ({@link #live} counts them then).
         */
        final long[] footprints;
        /** The convolution's footprint counted fold by fold when {@link #footprints} is not kept; else null. */
        final DataFootprint live;
        /** Whether the whole input tensor fits half the ifmap buffer: it is then fetched once, element by element. */
        final boolean tensorResident;

        Accountant(Mapping map, MemoryConfig memory, int wBits, int xBits, int accBits, Conv2d conv, int memoFolds) {
            this.map = map;
            this.bytesPerCycle = memory.dramBytesPerCycle();
            this.wBits = wBits;
            this.xBits = xBits;
            this.accBits = accBits;
            this.ifmap = new Residency(memory.ifmapSramKiB());
            this.filter = new Residency(memory.filterSramKiB());
            this.ofmapHalfBits = memory.ofmapSramKiB() * 1024 * 8 / 2;
            ConvShape shape = conv == null ? null : ConvShape.of(conv);
            long elements = conv == null ? 0
                    : TENSOR_ELEMENTS.asMap().computeIfAbsent(shape, c -> new DataFootprint(conv).tensorElements());
            this.tensorResident = conv != null && elements <= Integer.MAX_VALUE && ifmap.fits(elements * xBits);
            boolean keep = conv != null && map.folds() <= memoFolds;
            this.footprints = keep ? FOOTPRINTS.asMap().computeIfAbsent(new Tiles(shape, tensorResident, tiles()),
                    t -> t.elements(conv)) : null;
            this.live = conv != null && !keep ? new DataFootprint(conv) : null;
        }

        /** Every fold's data tile, {g, m0, m1, k0, k1} after one another. */
        private int[] tiles() {
            int[] tiles = new int[5 * map.folds()];
            for (int f = 0; f < map.folds(); f++) {
                System.arraycopy(tile(f), 0, tiles, 5 * f, 5);
            }
            return tiles;
        }

        /**
         * Fold f's data tile {g, m0, m1, k0, k1}: rows m0..m1 of X_g (os: the fold's rows; ws: every row, streamed;
         * is: the fold's column slots) by the fold's K range.
         */
        private int[] tile(int f) {
            int[] k = kRange(f);
            int m0 = !map.preloads() ? map.rowFoldOf(f) * map.rows()
                    : map.schedule().weightsStationary() ? 0 : map.colFoldOf(f) * map.slots();
            int m1 = !map.preloads() ? m0 + map.activeRows(f)
                    : map.schedule().weightsStationary() ? (int) map.streamed() : m0 + (int) map.activeSlots(f);
            return new int[] {map.groupOf(f), m0, m1, k[0], k[1]};
        }

        /** The input elements fold f's data tile costs: new ones when the tensor is resident, else all of them. */
        private long elements(int f) {
            if (footprints != null) {
                return footprints[f];
            }
            int[] t = tile(f);
            return tensorResident ? live.fetch(t[0], t[1], t[2], t[3], t[4]) : live.elements(t[0], t[1], t[2], t[3], t[4]);
        }

        /** DRAM bits a fold moves: [0] prefetchable inputs, [1] inputs streamed in its own window, [2] results. */
        long[] fold(int f) {
            long[] bits = new long[3];
            byOperand = new long[3][3];
            int g = map.groupOf(f);
            int fr = map.rowFoldOf(f);
            int fc = map.colFoldOf(f);
            long ar = map.activeRows(f);
            long reduction = map.reductionValues(f); // values in the fold's rows (ws/is) or in a dot product (os)
            long ac = map.activeSlots(f);
            long t = map.streamed();
            if (!map.preloads()) {
                // data rows (M slice x K) and weight columns (K x N slice); each output leaves once
                data(bits, "x" + g + "." + fr, ar * reduction * xBits, f);
                input(bits, Buffer.FILTER, "w" + g + "." + fc, reduction * ac * wBits, reduction * ac * wBits);
                long out = ar * ac * xBits;
                ofmapWrite += out;
                ofmapRead += out;
                dramOutputs += out;
                bits[2] += out;
                byOperand[2][2] += out;
                return bits;
            }
            boolean ws = map.schedule().weightsStationary();
            // stationary tile (used by this fold only), streamed tile (shared by every column fold)
            if (ws) {
                input(bits, Buffer.FILTER, "s" + f, reduction * ac * wBits, reduction * ac * wBits);
                data(bits, "t" + g + "." + fr, t * reduction * xBits, f);
            } else {
                data(bits, "s" + f, reduction * ac * xBits, f);
                input(bits, Buffer.FILTER, "t" + g + "." + fr, t * reduction * wBits, t * reduction * wBits);
            }
            long psums = t * ac * accBits;
            boolean spill = psums > ofmapHalfBits;
            if (fr > 0) {
                ofmapRead += psums;
                if (spill) {
                    dramPsumRead += psums;
                    ofmapWrite += psums; // the spilled partial sums come back through the buffer
                    bits[1] += psums;
                    byOperand[2][1] += psums;
                }
            }
            ofmapWrite += psums;
            if (fr == map.rowFolds() - 1) {
                long out = t * ac * xBits;
                ofmapRead += out;
                dramOutputs += out;
                bits[2] += out;
                byOperand[2][2] += out;
            } else if (spill) {
                ofmapRead += psums;
                dramPsumWrite += psums;
                bits[2] += psums;
                byOperand[2][2] += psums;
            }
            return bits;
        }

        /** The K values a fold's rows cover: [k0, k1) (all of K in os). */
        private int[] kRange(int f) {
            if (!map.preloads()) {
                return new int[] {0, Math.toIntExact(map.reductionValues(f))};
            }
            int first = map.rowFoldOf(f) * map.rows();
            int last = first + map.activeRows(f);
            return map.grouped() ? new int[] {map.groupStarts().start(first), map.groupStarts().start(last)}
                    : new int[] {first, last};
        }

        /**
         * Fold f's data tile, rows m0..m1 of X_g by the fold's K range ({@link #tiles}): the array reads {@code readBits}
         * of it (the lowered windows); DRAM moves the tensor elements under it (a convolution's distinct input
         * elements), once per layer when the whole input tensor fits half the ifmap buffer, else once per tile while
         * the tile stays.
         */
        private void data(long[] bits, String id, long readBits, int f) {
            if (footprints == null && live == null) {
                input(bits, Buffer.IFMAP, id, readBits, readBits);
            } else if (tensorResident) {
                ifmapRead += readBits;
                long fetched = elements(f) * xBits;
                ifmapWrite += fetched;
                dramData += fetched;
                bits[0] += fetched;
                byOperand[0][0] += fetched;
            } else {
                input(bits, Buffer.IFMAP, id, readBits, elements(f) * xBits);
            }
        }

        /** One input tile: {@code readBits} read by the array; {@code tileBits} fetched from DRAM unless resident. */
        private void input(long[] bits, Buffer buffer, String id, long readBits, long tileBits) {
            boolean weights = buffer == Buffer.FILTER;
            Residency r = weights ? filter : ifmap;
            if (weights) {
                filterRead += readBits;
            } else {
                ifmapRead += readBits;
            }
            if (r.use(id, tileBits)) {
                return;
            }
            if (weights) {
                filterWrite += tileBits;
                dramWeights += tileBits;
            } else {
                ifmapWrite += tileBits;
                dramData += tileBits;
            }
            bits[r.fits(tileBits) ? 0 : 1] += tileBits;
            byOperand[weights ? 1 : 0][r.fits(tileBits) ? 0 : 1] += tileBits;
        }

        long cyclesFor(long bits) {
            if (bits == 0 || Double.isInfinite(bytesPerCycle)) {
                return 0;
            }
            double cycles = Math.ceil(bits / 8.0 / bytesPerCycle);
            if (cycles > MAX_CYCLES) {
                // the architecture file's lower bound on the bandwidth keeps real layers far below this
                throw new IllegalStateException(bits + " DRAM bits at " + bytesPerCycle + " bytes per cycle exceed 2^62 cycles");
            }
            return (long) cycles;
        }

        /**
         * When fold f's inputs must be in the buffers: its stream start in os; in ws and is the latest preload start
         * that still has the stationary operand in place when the stream starts, S_f - R. (The cycle model's
         * controller preloads as soon as the shadow registers are free; with overlapped folds that is earlier, and
         * asking the DRAM for the tiles that early would make overlap lose to back-to-back folds: see
         * docs/memory-model.md.)
         */
        long needTime(int f) {
            return map.preloads() ? map.streamStart(f) - map.rows() : map.streamStart(f);
        }

        MemoryStats run(int foldsRun) {
            // folds are accounted in order, three at a time (the previous one's results, this one's streamed inputs,
            // the next one's prefetch share a window): a layer of millions of folds needs no per-fold arrays
            long[][] bits = new long[3][];
            long[][][] ops = new long[3][][];
            if (foldsRun > 0) {
                bits[2] = fold(0);
                ops[2] = byOperand;
            }
            long prefetch = foldsRun == 0 ? 0 : cyclesFor(bits[2][0]);
            Timeline timeline = new Timeline();
            if (foldsRun > 0) {
                timeline.window(-prefetch, prefetch > 0 ? -1 : 0, ops[2], 0);
            }
            long stalls = 0;
            for (int f = 0; f < foldsRun; f++) {
                bits[0] = bits[1];
                ops[0] = ops[1];
                bits[1] = bits[2];
                ops[1] = ops[2];
                bits[2] = null;
                ops[2] = null;
                if (f + 1 < foldsRun) {
                    bits[2] = fold(f + 1);
                    ops[2] = byOperand;
                }
                long end = f + 1 < map.folds() ? needTime(f + 1) : map.computeCycles();
                long window = end - needTime(f);
                long demand = bits[1][1] + (bits[2] != null ? bits[2][0] : 0) + (bits[0] != null ? bits[0][2] : 0);
                long stall = Math.max(0, cyclesFor(demand) - window);
                long from = needTime(f) + stalls;
                long to = Math.max(from, end + stalls + stall - 1);
                timeline.window(from, to, ops[1], 1);
                if (ops[2] != null) {
                    timeline.window(from, to, ops[2], 0);
                }
                if (ops[0] != null) {
                    timeline.window(from, to, ops[0], 2);
                }
                stalls += stall;
            }
            if (foldsRun > 0) {
                long last = cyclesFor(bits[1][2]);
                long end = map.computeCycles() + stalls + last - 1;
                timeline.window(Math.max(0, end - Math.max(0, last - 1)), Math.max(0, end), ops[1], 2);
                stalls += last;
            }
            DramActivity activity = timeline.activity();
            return new MemoryStats(prefetch, stalls, new MemoryStats.SramTraffic(ifmapRead, ifmapWrite),
                    new MemoryStats.SramTraffic(filterRead, filterWrite), new MemoryStats.SramTraffic(ofmapRead, ofmapWrite),
                    new MemoryStats.DramTraffic(dramData, dramWeights, dramPsumRead, dramPsumWrite, dramOutputs), activity);
        }
    }
}
