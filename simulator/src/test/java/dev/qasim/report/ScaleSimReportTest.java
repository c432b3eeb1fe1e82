package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.workload.Layer;
import dev.qasim.workload.OutputSize;
import dev.qasim.workload.ScaleSimTopology;
import dev.qasim.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qasim's SCALE-Sim reports against SCALE-Sim v2's figures computed here, by an oracle that follows SCALE-Sim's
 * documented model and none of qasim's code: the topology row's operand matrices with SCALE-Sim's ceil output size
 * (an address outside the input is no request), the folds in its order (column folds outer), each fold's demand
 * lines built as its compute classes build them (prefixes, flips, suffixes, the skew), the per-fold utilizations
 * summed and averaged as it sums them, SRAM reads as the sizes of the demand slices, and DRAM reads as the distinct
 * addresses when every operand fits its buffer. SCALE-Sim itself is not installed here; one layer's figures from its
 * own test outputs are checked as well.
 */
class ScaleSimReportTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    /** A topology row: conv (H, W, Kh, Kw, C, N, S) or, with gemm, M x K times K x N read as SCALE-Sim reads it. */
    record Row(String name, int h, int w, int kh, int kw, int c, int n, int stride) {
        static Row of(String line, boolean gemm) {
            String[] f = line.split(",");
            int[] v = Arrays.stream(f, 1, gemm ? 4 : 8).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            // SCALE-Sim's GEMM rows: ifmap M x K, a 1 x K filter, one channel, N filters, stride 1
            return gemm ? new Row(f[0].strip(), v[0], v[2], 1, v[2], 1, v[1], 1)
                    : new Row(f[0].strip(), v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        }

        int eh() {
            return (int) Math.ceil((h - kh + stride) / (double) stride);
        }

        int ew() {
            return (int) Math.ceil((w - kw + stride) / (double) stride);
        }

        int m() {
            return eh() * ew();
        }

        int k() {
            return kh * kw * c;
        }

        /** Whether ifmap operand element (m, k) has an address (lies inside the input). */
        boolean valid(long m, long k) {
            long oy = m / ew();
            long ox = m % ew();
            long tap = k / c;
            return oy * stride + tap / kw < h && ox * stride + tap % kw < w;
        }
    }

    /** Distinct ifmap addresses of a layer, whatever the array. */
    private static final Map<Row, Long> DISTINCT = new java.util.concurrent.ConcurrentHashMap<>();

    /** The distinct addresses (row * W + column) * C + channel of the ifmap operand matrix. */
    static long distinctAddresses(Row l) {
        BitSet seen = new BitSet();
        for (long mm = 0; mm < l.m(); mm++) {
            for (long kk = 0; kk < l.k(); kk++) {
                if (l.valid(mm, kk)) {
                    long tap = kk / l.c();
                    seen.set((int) (((mm / l.ew() * l.stride() + tap / l.kw()) * l.w() + mm % l.ew() * l.stride() + tap % l.kw())
                            * l.c() + kk % l.c()));
                }
            }
        }
        return seen.cardinality();
    }

    /** SCALE-Sim v2's figures of one layer: compute report, SRAM [start, stop, count] x 3, DRAM reads. */
    record Figures(long total, double overall, double mapping, double compute, long[][] sram, long ifmapDram, long filterDram,
                   long ofmapSram) {}

    /** The oracle. */
    static Figures oracle(Row l, int rows, int cols, String df) {
        long m = l.m();
        long k = l.k();
        long n = l.n();
        long sr = df.equals("os") ? m : k;
        long sc = df.equals("is") ? m : n;
        long t = df.equals("os") ? k : df.equals("ws") ? m : n;
        long rowFolds = (sr + rows - 1) / rows;
        long colFolds = (sc + cols - 1) / cols;
        long folds = rowFolds * colFolds;
        long lines = df.equals("os") ? t + cols - 1 + rows - 1 : rows + t + cols - 1 + rows - 1; // one fold's demand lines
        double mappingSum = 0;
        double computeSum = 0;
        long[] reads = new long[3];
        long[][] sram = {{Long.MAX_VALUE, -1, 0}, {Long.MAX_VALUE, -1, 0}, {Long.MAX_VALUE, -1, 0}};
        long fold = 0;
        for (long fc = 0; fc < colFolds; fc++) {
            for (long fr = 0; fr < rowFolds; fr++, fold++) {
                long rowsUsed = Math.min(rows, sr - fr * rows);
                long colsUsed = Math.min(cols, sc - fc * cols);
                long used = rowsUsed * colsUsed;
                long foldCycles = df.equals("os") ? (t - 1 + rows) + cols - 1 : (2L * rows + cols + t - 2) + cols - 1;
                mappingSum += (double) used / (rows * cols);
                computeSum += (double) (used * t) / ((long) rows * cols * foldCycles);
                switch (df) {
                    case "os" -> { reads[0] += t * rowsUsed; reads[1] += t * colsUsed; reads[2] += used; }
                    case "ws" -> { reads[0] += t * rowsUsed; reads[1] += used; reads[2] += t * colsUsed; }
                    default -> { reads[0] += used; reads[1] += t * rowsUsed; reads[2] += t * colsUsed; }
                }
                if (fold == 0 || fold == folds - 1) {
                    long[][] lines3 = {{Long.MAX_VALUE, -1}, {Long.MAX_VALUE, -1}, {Long.MAX_VALUE, -1}};
                    demandLines(l, df, rows, cols, t, fr, fc, rowsUsed, colsUsed, fold * lines, lines3);
                    for (int op = 1; op < 3; op++) {
                        mark(sram[op], lines3[op][0]);
                        mark(sram[op], lines3[op][1]);
                    }
                }
            }
        }
        // the ifmap's first and last request: the first and the last fold that has one (SCALE-Sim's extra output rows
        // may fill a whole fold with no address)
        for (long f = 0; f < folds && sram[0][1] < 0; f++) {
            ifmapOf(l, df, rows, cols, t, sr, sc, rowFolds, f, lines, sram[0]);
        }
        long[] last = {Long.MAX_VALUE, -1};
        for (long f = folds - 1; f >= 0 && last[1] < 0; f--) {
            ifmapOf(l, df, rows, cols, t, sr, sc, rowFolds, f, lines, last);
        }
        sram[0][1] = last[1];
        for (int op = 0; op < 3; op++) {
            sram[op][2] = reads[op];
        }
        long total = folds * lines - 1;
        double overall = (double) (m * n * k * 100) / ((double) total * rows * cols);
        return new Figures(total, overall, mappingSum / folds * 100, computeSum / folds * 100, sram,
                DISTINCT.computeIfAbsent(l, ScaleSimReportTest::distinctAddresses), k * n, reads[2]);
    }

    /**
     * One fold's demand lines as SCALE-Sim builds them, from line {@code base}: updates the first and last line of a
     * request of each operand (reads are served one cycle later, writes in their cycle).
     */
    static void demandLines(Row l, String df, int rows, int cols, long t, long fr, long fc, long rowsUsed, long colsUsed, long base,
                            long[][] sram) {
        if (df.equals("os")) {
            // ifmap: T lines of the fold's M rows (one per array row, skewed by the row); filter: T lines of N columns
            // (skewed by the column); ofmap: after T - 1 lines, the fold's rows bottom first, skewed by the column
            for (long tt = 0; tt < t; tt++) {
                for (long r = 0; r < rowsUsed; r++) {
                    if (l.valid(fr * rows + r, tt)) {
                        mark(sram[0], base + tt + r + 1);
                    }
                }
                for (long c = 0; c < colsUsed; c++) {
                    mark(sram[1], base + tt + c + 1);
                }
            }
            for (long i = rows - rowsUsed; i < rows; i++) {
                for (long c = 0; c < colsUsed; c++) {
                    mark(sram[2], base + t - 1 + i + c);
                }
            }
            return;
        }
        boolean ws = df.equals("ws");
        // the stationary tile: R lines (bottom row first: padded rows lead), no skew
        for (long i = 0; i < rows; i++) {
            long tileRow = rows - 1 - i;
            if (tileRow >= rowsUsed) {
                continue;
            }
            for (long c = 0; c < colsUsed; c++) {
                boolean valid = ws || l.valid(fc * cols + c, fr * rows + tileRow);
                if (valid) {
                    mark(sram[ws ? 1 : 0], base + i + 1);
                }
            }
        }
        // the streamed operand: after R lines, T lines of the fold's R rows, skewed by the row
        for (long tt = 0; tt < t; tt++) {
            for (long r = 0; r < rowsUsed; r++) {
                boolean valid = !ws || l.valid(tt, fr * rows + r);
                if (valid) {
                    mark(sram[ws ? 0 : 1], base + rows + tt + r + 1);
                }
            }
            // ofmap: after 2R - 1 lines, T lines of the fold's columns, skewed by the column
            for (long c = 0; c < colsUsed; c++) {
                mark(sram[2], base + 2L * rows - 1 + tt + c);
            }
        }
    }

    /** Fold f's ifmap requests (folds in SCALE-Sim's order: column folds outer), marked into {@code startStop}. */
    static void ifmapOf(Row l, String df, int rows, int cols, long t, long sr, long sc, long rowFolds, long f, long lines,
                        long[] startStop) {
        long fr = f % rowFolds;
        long fc = f / rowFolds;
        long[][] lines3 = {{Long.MAX_VALUE, -1}, {Long.MAX_VALUE, -1}, {Long.MAX_VALUE, -1}};
        demandLines(l, df, rows, cols, t, fr, fc, Math.min(rows, sr - fr * rows), Math.min(cols, sc - fc * cols), f * lines, lines3);
        if (lines3[0][1] >= 0) {
            mark(startStop, lines3[0][0]);
            mark(startStop, lines3[0][1]);
        }
    }

    private static void mark(long[] startStop, long line) {
        startStop[0] = Math.min(startStop[0], line);
        startStop[1] = Math.max(startStop[1], line);
    }

    /** A SCALE-Sim configuration for this run: CALC bandwidth, buffers large enough for every operand. */
    private Path cfg(int rows, int cols, String df) throws IOException {
        return Files.writeString(dir.resolve("r" + rows + "c" + cols + df + ".cfg"), String.join("\n", "[general]", "run_name = t",
                "[architecture_presets]", "ArrayHeight: " + rows, "ArrayWidth: " + cols, "IfmapSramSzkB: 8192", "FilterSramSzkB: 8192",
                "OfmapSramSzkB: 65536", "IfmapOffset: 0", "FilterOffset: 10000000", "OfmapOffset: 20000000", "Bandwidth: 10",
                "Dataflow: " + df, "[run_presets]", "InterfaceBandwidth: CALC", ""));
    }

    private static List<String[]> csv(String text) {
        return text.lines().skip(1).map(line -> line.split(",\\s*")).toList();
    }

    private void compare(Path topology, boolean gemm, int rows, int cols, String df) throws IOException {
        ArchConfig arch = ArchLoader.load(cfg(rows, cols, df), List.of());
        Workload workload = ScaleSimTopology.load(topology, OutputSize.SCALESIM);
        Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
        List<LayerResult> results = new ArrayList<>();
        for (Layer layer : workload.layers()) {
            results.add(sim.runTimingOnly(layer));
        }
        RunResult run = new RunResult(arch, workload.name(), Engine.Kind.FAST, results, List.of());
        Map<String, String> files = ScaleSimReport.render(ScaleSimReport.Version.V2, run, workload.layers());
        List<String[]> compute = csv(files.get(ScaleSimReport.COMPUTE));
        List<String[]> detailed = csv(files.get(ScaleSimReport.DETAILED));
        List<String[]> bandwidth = csv(files.get(ScaleSimReport.BANDWIDTH));
        List<String> rowsOfFile = Files.readAllLines(topology).stream().skip(1).filter(s -> !s.isBlank()).toList();
        assertThat(compute).hasSameSizeAs(rowsOfFile);
        for (int i = 0; i < rowsOfFile.size(); i++) {
            Row l = Row.of(rowsOfFile.get(i), gemm);
            Figures want = oracle(l, rows, cols, df);
            String at = topology.getFileName() + " " + l.name() + " on " + rows + "x" + cols + " " + df;
            String[] c = compute.get(i);
            assertThat(Long.parseLong(c[1])).as(at + " Total Cycles").isEqualTo(want.total());
            assertThat(Long.parseLong(c[2])).as(at + " Stall Cycles").isZero();
            assertThat(Double.parseDouble(c[3])).as(at + " Overall Util %").isCloseTo(want.overall(), within(1e-9));
            assertThat(Double.parseDouble(c[4])).as(at + " Mapping Efficiency %").isEqualTo(want.mapping());
            assertThat(Double.parseDouble(c[5])).as(at + " Compute Util %").isEqualTo(want.compute());
            String[] d = detailed.get(i);
            for (int op = 0; op < 3; op++) {
                assertThat(new long[] {(long) Double.parseDouble(d[1 + 3 * op]), (long) Double.parseDouble(d[2 + 3 * op]),
                        Long.parseLong(d[3 + 3 * op])}).as(at + " SRAM " + List.of("IFMAP", "Filter", "OFMAP").get(op))
                        .containsExactly(want.sram()[op]);
                assertThat(Double.parseDouble(bandwidth.get(i)[1 + op])).as(at + " SRAM BW")
                        .isCloseTo((double) want.sram()[op][2] / want.total(), within(1e-9));
            }
            // DRAM: every operand fits its buffer, so SCALE-Sim reads each distinct address once; it writes every row
            // fold's outputs, qasim only the last row fold's while the partial sums fit its ofmap buffer
            assertThat(Long.parseLong(d[12])).as(at + " DRAM IFMAP Reads").isEqualTo(want.ifmapDram());
            assertThat(Long.parseLong(d[15])).as(at + " DRAM Filter Reads").isEqualTo(want.filterDram());
            assertThat(Long.parseLong(d[18])).as(at + " DRAM OFMAP Writes").isEqualTo((long) l.m() * l.n())
                    .isLessThanOrEqualTo(want.ofmapSram());
        }
    }

    @Test
    void theResnet18TopologyGivesScaleSimsFiguresOnArraysFrom16x64To128x128UnderEveryDataflow() throws IOException {
        // 8x8 and 9x7 arrays run the odd layers below: ResNet-18 on them costs the test a minute of many folds
        Path resnet = HOME.resolve("workloads/scalesim-resnet18.csv");
        for (int[] shape : new int[][] {{16, 64}, {32, 32}, {128, 128}}) {
            for (String df : List.of("os", "ws", "is")) {
                compare(resnet, false, shape[0], shape[1], df);
            }
        }
    }

    @Test
    void oddLayersGiveScaleSimsFigures() throws IOException {
        // strides that do not divide, a filter as wide as the input, one filter, K one more than the rows, a 1x1 layer
        Path conv = Files.writeString(dir.resolve("odd.csv"), String.join("\n",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
                "odd1,17,13,3,5,7,9,2,", "wide,9,31,9,31,2,33,3,", "one,20,20,5,5,3,1,4,", "k9,12,12,3,3,1,17,1,",
                "pw,7,7,1,1,129,65,1,", ""));
        Path gemm = Files.writeString(dir.resolve("gemm.csv"), "Layer, M, N, K,\ng1,1,129,65,\ng2,100,1,9,\ng3,33,31,257,\n");
        for (int[] shape : new int[][] {{8, 8}, {9, 7}, {128, 128}}) {
            for (String df : List.of("os", "ws", "is")) {
                compare(conv, false, shape[0], shape[1], df);
                compare(gemm, true, shape[0], shape[1], df);
            }
        }
    }

    @Test
    void pythonFloatsAreWrittenAsScaleSimWritesThem() {
        assertThat(ScaleSimReport.python(94.53125)).isEqualTo("94.53125");
        assertThat(ScaleSimReport.python(100)).isEqualTo("100.0");
        assertThat(ScaleSimReport.python(12345678.5)).isEqualTo("12345678.5");
        assertThat(ScaleSimReport.python(0.31035864734643714)).isEqualTo("0.31035864734643714");
        assertThat(ScaleSimReport.python(2e-5)).isEqualTo("2e-05");
        assertThat(ScaleSimReport.python(1.5e17)).isEqualTo("1.5e+17");
    }
}
