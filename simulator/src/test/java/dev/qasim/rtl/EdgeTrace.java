package dev.qasim.rtl;

import dev.qasim.engine.CycleTrace;
import dev.qasim.engine.CycleTrace.Edge;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The values at a MAC array's edges, its outputs and overflow events, cycle by cycle: recorded from the stepped
 * engine ({@link Recorder}) or read from the RTL testbench's trace ({@link #read}), and compared event by event.
 * Operands are kept as MB-bit patterns (the RTL's view; a term-serial array's as the values of their terms),
 * partial sums and outputs as values. Events are packed
 * two longs each (key, value) to keep real layers' traces small.
 *
 * @param keys      per event: cycle, edge, row, column and lane packed so that sorting orders them in time
 * @param values    per event: its value
 * @param cycles    the cycles of the run (trapped: the trapping cycle + 1)
 * @param trapped   whether the run stopped at a trap
 * @param summary   the end line as read from the RTL (pops), or null for the engine
 */
record EdgeTrace(long[] keys, long[] values, long cycles, boolean trapped, String summary) {
    private static final Map<String, Edge> NAMES = Map.of("in", Edge.STREAM_IN, "pre", Edge.PRELOAD_IN, "w", Edge.WEIGHT_IN,
            "psin", Edge.PSUM_IN, "psout", Edge.PSUM_OUT, "out", Edge.OUTPUT, "ovf", Edge.OVERFLOW);

    static long key(long cycle, Edge edge, int row, int col, int lane) {
        // 28 bits of cycle, 3 of edge, 12 of row, 12 of column, 8 of lane
        return cycle << 35 | (long) edge.ordinal() << 32 | (long) row << 20 | (long) col << 8 | lane;
    }

    static long cycleOf(long key) {
        return key >>> 35;
    }

    static String describe(long key) {
        Edge edge = Edge.values()[(int) (key >>> 32 & 7)];
        int row = (int) (key >>> 20 & 0xfff);
        int col = (int) (key >>> 8 & 0xfff);
        int lane = (int) (key & 0xff);
        return "cycle " + cycleOf(key) + ", PE(" + row + "," + col + ") lane " + lane + ", " + edge.name().toLowerCase().replace('_', '-');
    }

    int events() {
        return keys.length;
    }

    /** Events per edge kind. */
    long count(Edge edge) {
        return Arrays.stream(keys).filter(k -> (k >>> 32 & 7) == edge.ordinal()).count();
    }

    /**
     * The first difference between two traces, in time order (cycle, edge, PE, lane), or null when they are equal
     * event for event and end in the same cycle the same way.
     */
    static String firstDifference(EdgeTrace rtl, EdgeTrace engine) {
        int i = 0;
        int j = 0;
        while (i < rtl.keys.length || j < engine.keys.length) {
            long a = i < rtl.keys.length ? rtl.keys[i] : Long.MAX_VALUE;
            long b = j < engine.keys.length ? engine.keys[j] : Long.MAX_VALUE;
            if (a == b) {
                if (rtl.values[i] != engine.values[j]) {
                    return describe(a) + ": RTL " + rtl.values[i] + ", qasim " + engine.values[j];
                }
                i++;
                j++;
            } else if (a < b) {
                return describe(a) + ": RTL " + rtl.values[i] + ", qasim has no such event";
            } else {
                return describe(b) + ": qasim " + engine.values[j] + ", the RTL has no such event";
            }
        }
        if (rtl.cycles != engine.cycles || rtl.trapped != engine.trapped) {
            return "the run ends: RTL after " + rtl.cycles + " cycles" + (rtl.trapped ? " (trapped)" : "") + ", qasim after "
                    + engine.cycles + (engine.trapped ? " (trapped)" : "");
        }
        return null;
    }

    /** Reads the testbench's trace. */
    static EdgeTrace read(Path file) throws IOException {
        Builder b = new Builder();
        long cycles = -1;
        boolean trapped = false;
        String summary = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("end") || f[0].equals("timeout")) {
                    cycles = Long.parseLong(f[1]);
                    trapped = f[0].equals("end") && f[2].equals("1");
                    summary = line;
                    continue;
                }
                Edge edge = NAMES.get(f[1]);
                if (edge == null || f.length != 6) {
                    throw new IOException(file + ": not a trace line: " + line);
                }
                b.add(key(Long.parseLong(f[0]), edge, Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])),
                        Long.parseLong(f[5]));
            }
        }
        if (summary == null) {
            throw new IOException(file + " has no end line: the testbench stopped early");
        }
        return b.build(cycles, trapped, summary);
    }

    /** Records the stepped engine's edges (pass it as the run's trace). */
    static final class Recorder implements CycleTrace {
        private final Builder b = new Builder();
        private final long operandMask;

        Recorder(int mulBits) {
            this(mulBits >= 64 ? -1L : (1L << mulBits) - 1);
        }

        private Recorder(long operandMask) {
            this.operandMask = operandMask;
        }

        /** A recorder that keeps operands as values (a term-serial array's: the values of their terms). */
        static Recorder values() {
            return new Recorder(-1L);
        }

        @Override
        public void cycle(long cycle, int activePes, int busyPes, int overflows, int fold) {
        }

        @Override
        public void edge(long cycle, Edge edge, int row, int col, int lane, long value) {
            boolean operand = edge == Edge.STREAM_IN || edge == Edge.PRELOAD_IN || edge == Edge.WEIGHT_IN;
            b.add(key(cycle, edge, row, col, lane), operand ? value & operandMask : value);
        }

        EdgeTrace trace(long cycles, boolean trapped) {
            return b.build(cycles, trapped, null);
        }
    }

    /** Packs events and sorts them in time order. */
    private static final class Builder {
        private long[] keys = new long[1024];
        private long[] values = new long[1024];
        private int size;

        void add(long key, long value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        EdgeTrace build(long cycles, boolean trapped, String summary) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
            long[] k = new long[size];
            long[] v = new long[size];
            List<Integer> dup = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                k[i] = keys[order[i]];
                v[i] = values[order[i]];
                if (i > 0 && k[i] == k[i - 1]) {
                    dup.add(i);
                }
            }
            if (!dup.isEmpty()) {
                throw new IllegalStateException("two events at " + describe(k[dup.get(0)]));
            }
            return new EdgeTrace(k, v, cycles, trapped, summary);
        }
    }
}
