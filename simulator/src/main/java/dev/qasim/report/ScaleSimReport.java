package dev.qasim.report;

import dev.qasim.config.ArchConfig;
import dev.qasim.engine.DataflowSchedule;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.Mapping;
import dev.qasim.engine.MemoryModel;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.RunResult;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.Layer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SCALE-Sim's three reports, in the columns and conventions of its version 2 or 3 (docs/migrating.md lists every
 * column and where qasim's figure comes from), so scripts written for SCALE-Sim read qasim's runs:
 * <ul>
 *   <li>COMPUTE_REPORT.csv: cycles in SCALE-Sim's convention, the index of the last cycle (qasim's count minus one);
 *   v2's Total Cycles include the stalls, v3's do not and v3 adds Total Cycles (incl. prefetch), from the first DRAM
 *   read to the last DRAM write. Overall Util % = 100 MACs / (Total Cycles R C); Mapping Efficiency % the mean over
 *   folds of the PEs a fold uses; Compute Util % the mean over folds of used PEs x T / (R C x the fold's cycles),
 *   where SCALE-Sim counts a ws or is fold as 2R + 2C + T - 3 cycles (its demand matrices' rows plus their width),
 *   C - 1 more than the fold runs, and an os fold as T + R + C - 2.</li>
 *   <li>BANDWIDTH_REPORT.csv: words per cycle; SRAM reads (writes for the OFMAP) over Total Cycles, DRAM words over
 *   the cycles from the operand's first to its last DRAM access, both ends counted.</li>
 *   <li>DETAILED_ACCESS_REPORT.csv: per operand and memory the first and last cycle of an access and the words
 *   moved. SRAM figures are SCALE-Sim's own, from its demand schedule: reads are every element the array's edge takes
 *   (a window's elements outside the input included), a read is served one cycle after its request, a write in its
 *   cycle, and an access counts when its element is inside the input. DRAM figures are qasim's memory model's
 *   (docs/memory-model.md): words moved and the first and last cycle of the windows that move them.</li>
 * </ul>
 * A word is one value (one byte with the 8-bit operands of a SCALE-Sim topology). A grouped layer is one row (SCALE-Sim
 * runs a depthwise layer's channels as rows of their own).
 */
public final class ScaleSimReport {
    /** SCALE-Sim's version whose columns are written. */
    public enum Version { V2, V3 }

    public static final String COMPUTE = "COMPUTE_REPORT.csv";
    public static final String BANDWIDTH = "BANDWIDTH_REPORT.csv";
    public static final String DETAILED = "DETAILED_ACCESS_REPORT.csv";
    /** The files, in the order written. */
    public static final List<String> FILES = List.of(COMPUTE, BANDWIDTH, DETAILED);

    private ScaleSimReport() {}

    /**
     * One layer's figures in SCALE-Sim's units and conventions: cycles as indices, accesses in words.
     *
     * @param totalCycles        v2's Total Cycles: the last cycle's index, stalls included
     * @param computeTotalCycles v3's Total Cycles: the same without the stalls
     * @param cyclesInclPrefetch v3's Total Cycles (incl. prefetch): last DRAM write minus first DRAM read
     * @param sram               [ifmap, filter, ofmap] x [start cycle, stop cycle, accesses]
     * @param dram               the same for DRAM
     */
    public record Row(long totalCycles, long computeTotalCycles, long cyclesInclPrefetch, long stallCycles, double overallUtil,
                      double mappingEfficiency, double computeUtil, long[][] sram, long[][] dram) {}

    /** The three files, name to text. */
    public static Map<String, String> render(Version version, RunResult result, List<Layer> layers) {
        List<Row> rows = rows(result, layers);
        boolean v3 = version == Version.V3;
        StringBuilder compute = new StringBuilder(v3
                ? "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n"
                : "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n");
        StringBuilder bandwidth = new StringBuilder("LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
                + "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n");
        StringBuilder detailed = new StringBuilder("LayerID, ");
        for (String memory : List.of("SRAM", "DRAM")) {
            for (String[] op : new String[][] {{"IFMAP", "Reads"}, {"Filter", "Reads"}, {"OFMAP", "Writes"}}) {
                detailed.append(memory).append(' ').append(op[0]).append(" Start Cycle, ").append(memory).append(' ')
                        .append(op[0]).append(" Stop Cycle, ").append(memory).append(' ').append(op[0]).append(' ')
                        .append(op[1]).append(", ");
            }
        }
        detailed.setLength(detailed.length() - 2);
        detailed.append(",\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            long total = v3 ? r.computeTotalCycles() : r.totalCycles();
            List<String> c = new ArrayList<>(List.of(Integer.toString(i)));
            if (v3) {
                c.add(Long.toString(r.cyclesInclPrefetch()));
            }
            c.addAll(List.of(Long.toString(total), Long.toString(r.stallCycles()), python(v3 ? r.overallUtil() * r.totalCycles() / total
                    : r.overallUtil()), python(r.mappingEfficiency()), python(r.computeUtil())));
            compute.append(String.join(", ", c)).append(",\n");
            List<String> b = new ArrayList<>(List.of(Integer.toString(i)));
            for (long[] s : r.sram()) {
                b.add(python((double) s[2] / total));
            }
            for (long[] d : r.dram()) {
                b.add(python((double) d[2] / (d[1] - d[0] + 1)));
            }
            bandwidth.append(String.join(", ", b)).append(",\n");
            List<String> d = new ArrayList<>(List.of(Integer.toString(i)));
            for (long[][] memory : new long[][][] {r.sram(), r.dram()}) {
                for (long[] op : memory) {
                    d.addAll(List.of(op[0] + ".0", op[1] + ".0", Long.toString(op[2])));
                }
            }
            detailed.append(String.join(", ", d)).append(",\n");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(COMPUTE, compute.toString());
        files.put(BANDWIDTH, bandwidth.toString());
        files.put(DETAILED, detailed.toString());
        return files;
    }

    /** Every layer's figures, in order. */
    public static List<Row> rows(RunResult result, List<Layer> layers) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            rows.add(row(result.arch(), result.layers().get(i), layers.get(i)));
        }
        return rows;
    }

    private static Row row(ArchConfig arch, LayerResult l, Layer layer) {
        Mapping map = Mapping.forLayer(arch, layer);
        DataflowSchedule schedule = map.schedule();
        int rows = map.rows();
        int cols = map.cols();
        long t = map.streamed();
        long compute = l.computeCycles() + l.replayCycles();
        long total = compute + l.stallCycles() - 1;
        // SCALE-Sim's fold, as its compute utilization counts it
        long foldCycles = schedule.preloads() ? 2L * rows + 2L * cols + t - 3 : t + rows + cols - 2;
        // summed fold by fold and divided as SCALE-Sim does, so the figures agree to the last digit
        double mappingSum = 0;
        double computeSum = 0;
        long[] sramCounts = new long[3]; // ifmap reads, filter reads, ofmap writes
        for (int f = 0; f < map.folds(); f++) {
            long ar = map.activeRows(f);
            long ac = map.activeSlots(f);
            mappingSum += (double) (ar * ac) / (rows * (long) map.slots());
            computeSum += (double) (ar * ac * t) / (rows * (long) map.slots() * foldCycles);
            long stationary = ar * ac;
            long streamedIn = t * ar;
            long outputs = schedule.preloads() ? t * ac : ar * ac;
            if (!schedule.preloads()) { // os: data rows over the PE rows, weight columns over the columns, both streamed
                sramCounts[0] += streamedIn;
                sramCounts[1] += t * ac;
            } else if (schedule.weightsStationary()) {
                sramCounts[0] += streamedIn;
                sramCounts[1] += stationary;
            } else {
                sramCounts[0] += stationary;
                sramCounts[1] += streamedIn;
            }
            sramCounts[2] += outputs;
        }
        double mapping = mappingSum / map.folds() * 100;
        double computeUtil = computeSum / map.folds() * 100;
        double overall = 100 * l.macs() / ((double) total * rows * cols * map.lanes());
        long[][] sram = sramCycles(map, layer, sramCounts);
        MemoryStats.DramTraffic traffic = l.memory().dram();
        MemoryModel.DramActivity activity = l.memory().dramActivity();
        long[] dramWords = {traffic.dataReadBits() / l.dataBits(), traffic.weightReadBits() / l.weightBits(),
                traffic.outputWriteBits() / l.dataBits() + traffic.psumWriteBits() / arch.pe().accumulatorBits()};
        long[][] dram = new long[3][];
        for (int op = 0; op < 3; op++) {
            dram[op] = new long[] {activity.of(op).start(), activity.of(op).stop(), dramWords[op]};
        }
        long inclPrefetch = dram[2][1] - Math.min(dram[0][0], dram[1][0]);
        return new Row(total, compute - 1, inclPrefetch, l.stallCycles(), overall, mapping, computeUtil, sram, dram);
    }

    /**
     * SCALE-Sim's SRAM start and stop cycles of the three operands from the demand schedule: a fold's lines begin at
     * its preload (ws, is) or its stream (os); reads are served a cycle after their request.
     */
    private static long[][] sramCycles(Mapping map, Layer layer, long[] counts) {
        int rows = map.rows();
        long t = map.streamed();
        int first = 0;
        int last = map.folds() - 1;
        long l0 = base(map, first);
        long ll = base(map, last);
        Inside inside = new Inside(layer, map);
        long[] ifmap = inside.ifmapLines();
        long[] filter;
        long[] ofmap;
        if (!map.preloads()) { // os: data (k, r) at line k + r, weights (k, c) at k + c, outputs after T - 1
            filter = new long[] {l0 + 1, ll + t - 1 + map.activeCols(last) - 1 + 1};
            ofmap = new long[] {l0 + t - 1 + rows - map.activeRows(first), ll + t - 1 + rows - 1 + map.activeCols(last) - 1};
        } else {
            long[] stationary = {l0 + rows - map.activeRows(first) + 1, ll + rows - 1 + 1};
            long[] streamed = {l0 + rows + 1, ll + rows + t - 1 + map.activeRows(last) - 1 + 1};
            ofmap = new long[] {l0 + 2L * rows - 1, ll + 2L * rows - 1 + t - 1 + map.activeCols(last) - 1};
            filter = map.schedule().weightsStationary() ? stationary : streamed;
        }
        return new long[][] {{ifmap[0], ifmap[1], counts[0]}, {filter[0], filter[1], counts[1]}, {ofmap[0], ofmap[1], counts[2]}};
    }

    /** The cycle a fold's demand lines begin: its preload start (S_f - R) in ws and is, its stream start in os. */
    private static long base(Mapping map, int fold) {
        return map.preloads() ? map.streamStart(fold) - map.rows() : map.streamStart(fold);
    }

    /**
     * Which elements of the lowered data matrix a fold holds are inside the input (SCALE-Sim's valid addresses): for a
     * convolution a window element past the input's edge (padding, or SCALE-Sim's extra output row) is not; every
     * element of a matrix layer is.
     */
    private static final class Inside {
        final Conv2d conv;
        final Mapping map;

        Inside(Layer layer, Mapping map) {
            this.conv = layer instanceof Conv2d c ? c : null;
            this.map = map;
        }

        /**
         * The first and last cycle an ifmap request is served: the earliest valid data line of the first fold that
         * has one, the latest of the last fold that has one (a fold of SCALE-Sim's extra output rows may have none), one
         * cycle after the request. [0, 0] when no element is valid.
         */
        long[] ifmapLines() {
            long[] out = {0, 0};
            for (int f = 0; f < map.folds(); f++) {
                Long line = dataLine(f, true);
                if (line != null) {
                    out[0] = base(map, f) + line + 1;
                    break;
                }
            }
            for (int f = map.folds() - 1; f >= 0; f--) {
                Long line = dataLine(f, false);
                if (line != null) {
                    out[1] = base(map, f) + line + 1;
                    break;
                }
            }
            return out;
        }

        /** The first or last line of a fold holding a valid data request, from the fold's first line; null if none. */
        private Long dataLine(int fold, boolean first) {
            int rows = map.rows();
            if (map.preloads() && !map.schedule().weightsStationary()) { // is: the stationary tile, bottom row first
                Integer r = first ? lastStationaryRow(fold) : firstStationaryRow(fold);
                return r == null ? null : (long) rows - 1 - r;
            }
            Long line = first ? firstStreamed(fold) : lastStreamed(fold);
            return line == null ? null : line + (map.preloads() ? rows : 0);
        }

        /** Whether X_g[m][k] is an input element. */
        boolean at(long m, long k) {
            if (conv == null) {
                return true;
            }
            int hw = conv.outHeight() * conv.outWidth();
            int rem = (int) (m % hw);
            int ho = rem / conv.outWidth();
            int wo = rem % conv.outWidth();
            int tap = (int) (k / conv.groupChannels());
            Conv2d.Axis ys = conv.h();
            Conv2d.Axis xs = conv.w();
            return ys.inside(ys.at(ho, tap / xs.kernel())) && xs.inside(xs.at(wo, tap % xs.kernel()));
        }

        /** The data element at stream step s and fold row r of a fold (ws: (m = s, k); os: (m, k = s)). */
        boolean streamedAt(int fold, long s, int r) {
            long spread = (long) map.rowFoldOf(fold) * map.rows() + r;
            return map.preloads() ? at(s, spread) : at(spread, s);
        }

        /** The smallest s + r over the fold's valid streamed data elements (its first data line). */
        Long firstStreamed(int fold) {
            long best = Long.MAX_VALUE;
            for (int r = 0; r < map.activeRows(fold); r++) {
                for (long s = 0; s < map.streamed() && s + r < best; s++) {
                    if (streamedAt(fold, s, r)) {
                        best = s + r;
                        break;
                    }
                }
            }
            return best == Long.MAX_VALUE ? null : best;
        }

        /** The largest s + r over the fold's valid streamed data elements (its last data line). */
        Long lastStreamed(int fold) {
            long best = -1;
            for (int r = map.activeRows(fold) - 1; r >= 0; r--) {
                for (long s = map.streamed() - 1; s >= 0 && s + r > best; s--) {
                    if (streamedAt(fold, s, r)) {
                        best = s + r;
                        break;
                    }
                }
            }
            return best < 0 ? null : best;
        }

        /** Whether row r of an is fold's stationary data tile (K index) holds a valid element in a used column. */
        boolean stationaryRow(int fold, int r) {
            long k = (long) map.rowFoldOf(fold) * map.rows() + r;
            long m0 = (long) map.colFoldOf(fold) * map.slots();
            for (int c = 0; c < map.activeSlots(fold); c++) {
                if (at(m0 + c, k)) {
                    return true;
                }
            }
            return false;
        }

        /** The last tile row with a valid element (sent first: SCALE-Sim feeds the tile bottom row first). */
        Integer lastStationaryRow(int fold) {
            for (int r = map.activeRows(fold) - 1; r >= 0; r--) {
                if (stationaryRow(fold, r)) {
                    return r;
                }
            }
            return null;
        }

        /** The first tile row with a valid element (sent last). */
        Integer firstStationaryRow(int fold) {
            for (int r = 0; r < map.activeRows(fold); r++) {
                if (stationaryRow(fold, r)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** A number as Python's str() writes a float (SCALE-Sim writes its figures so): shortest digits, a ".0" when whole. */
    static String python(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        double magnitude = Math.abs(value);
        if (value != 0 && (magnitude >= 1e16 || magnitude < 1e-4)) { // Python: 2e-05, 1.5e+17
            String[] parts = Double.toString(value).split("E");
            String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exponent = Integer.parseInt(parts[1]);
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = new BigDecimal(Double.toString(value)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
