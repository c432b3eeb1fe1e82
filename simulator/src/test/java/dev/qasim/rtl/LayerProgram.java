package dev.qasim.rtl;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.engine.GroupStarts;
import dev.qasim.engine.Mapping;
import dev.qasim.engine.ProcessingElement;
import dev.qasim.terms.Encoder;
import dev.qasim.terms.Revealed;
import dev.qasim.terms.TermRevealing;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.MatrixForm;
import java.util.SplittableRandom;

/**
 * What a host gives the generated array for one layer (docs/rtl.md): the controller's program and the operand
 * vectors in the order the controller pops them, as the testbench reads them (tb.cpp). Rows and slots outside
 * the layer (a partial fold's idle PEs) hold arbitrary bit patterns, as a stale buffer would: the RTL must mask
 * them to zero.
 */
final class LayerProgram {
    private LayerProgram() {}

    /** The program text of a layer on an architecture's array. */
    static String of(ArchConfig arch, Lowered layer, long fillerSeed) {
        if (RtlConfig.of(arch, arch.name()).term()) {
            return term(arch, layer, fillerSeed);
        }
        Mapping map = Mapping.of(arch, layer.form());
        MatrixForm form = layer.form();
        int rows = map.rows();
        int slots = map.slots();
        int t = map.streamed();
        int folds = map.folds();
        int mb = arch.pe().multiplierBits();
        long mask = (1L << mb) - 1;
        Dataflow dataflow = arch.array().dataflow();
        SplittableRandom filler = new SplittableRandom(fillerSeed);
        StringBuilder s = new StringBuilder();
        int rowsLast = map.spatialRows() - (map.rowFolds() - 1) * rows;
        int slotsLast = map.spatialCols() - (map.colFolds() - 1) * slots;
        s.append("cfg ").append(t).append(' ').append(folds).append(' ').append(map.rowFolds()).append(' ').append(map.colFolds())
                .append(' ').append(rowsLast).append(' ').append(slotsLast).append(' ').append(layer.dataType().signedness() == dev.qasim.arith.Signedness.SIGNED ? 1 : 0)
                .append('\n');
        Operands ops = null;
        int opsGroup = -1;
        boolean os = dataflow == Dataflow.OS;
        s.append("pre ").append(os ? 0 : (long) folds * rows).append(' ').append(slots).append('\n');
        StringBuilder stream = new StringBuilder();
        stream.append("str ").append((long) folds * t).append(' ').append(os ? rows + slots : rows).append('\n');
        for (int f = 0; f < folds; f++) {
            int g = map.groupOf(f);
            if (g != opsGroup) {
                ops = new Operands(layer, g);
                opsGroup = g;
            }
            int row0 = map.rowFoldOf(f) * rows;
            int slot0 = map.colFoldOf(f) * slots;
            if (!os) {
                for (int e = 0; e < rows; e++) {
                    int k = row0 + rows - 1 - e;
                    for (int j = 0; j < slots; j++) {
                        int spread = slot0 + j;
                        boolean real = k < form.k() && spread < map.spatialCols();
                        long v = !real ? filler.nextLong() : dataflow == Dataflow.WS ? ops.weight(k, spread) : ops.data(spread, k);
                        s.append(j == 0 ? "" : " ").append(v & mask);
                    }
                    s.append('\n');
                }
            }
            for (int step = 0; step < t; step++) {
                for (int r = 0; r < rows; r++) {
                    int i = row0 + r;
                    long v;
                    if (i >= map.spatialRows()) {
                        v = filler.nextLong();
                    } else {
                        v = switch (dataflow) {
                            case WS -> ops.data(step, i);
                            case IS -> ops.weight(i, step);
                            case OS -> ops.data(i, step);
                        };
                    }
                    stream.append(r == 0 ? "" : " ").append(v & mask);
                }
                if (os) {
                    for (int j = 0; j < slots; j++) {
                        int n = slot0 + j;
                        long v = n < map.spatialCols() ? ops.weight(step, n) : filler.nextLong();
                        stream.append(' ').append(v & mask);
                    }
                }
                stream.append('\n');
            }
        }
        return s.append(stream).toString();
    }

    /**
     * The program of a layer on a term-serial array: the host reveals each group's weights offline (the group's
     * budget k of largest terms, docs/term-revealing.md) into K weight terms (weight by weight, most significant
     * first: valid, negative, exponent, the weight's index in its group; unused terms zero); data go as the
     * group's G values as they are (the array's encoders split them), a short group's missing values zero. ws:
     * weight terms per PE column in the preload vectors, data values per row in the stream vectors; is the other
     * way round; os: every stream vector holds the data values per row, then the weight terms per column.
     */
    private static String term(ArchConfig arch, Lowered layer, long fillerSeed) {
        RtlConfig rtl = RtlConfig.of(arch, arch.name());
        if (!layer.layer().spec().termRevealing()) {
            throw new IllegalArgumentException("layer " + layer.layer().name() + " keeps every term (termRevealing: false): its beats"
                    + " are data-dependent, which the RTL does not build");
        }
        int mb = rtl.mulBits();
        if (layer.weightType().bits() > mb || layer.dataType().bits() > mb) {
            throw new IllegalArgumentException("layer " + layer.layer().name() + " has operands wider than the array's " + mb + " bits");
        }
        boolean ws = rtl.dataflow() == Dataflow.WS;
        boolean os = rtl.dataflow() == Dataflow.OS;
        Mapping map = ProcessingElement.of(arch).map(arch.array(), layer.layer());
        GroupStarts groups = map.groupStarts();
        int rows = map.rows();
        int cols = map.slots();
        int t = map.streamed();
        int folds = map.folds();
        int g = rtl.groupSize();
        int k = rtl.groupBudget();
        TermGroups terms = new TermGroups(rtl, arch.terms().encoding().encoder(), groups, new SplittableRandom(fillerSeed));
        StringBuilder s = new StringBuilder();
        int rowsLast = map.spatialRows() - (map.rowFolds() - 1) * rows;
        int colsLast = map.spatialCols() - (map.colFolds() - 1) * cols;
        s.append("cfg ").append(t).append(' ').append(folds).append(' ').append(map.rowFolds()).append(' ').append(map.colFolds())
                .append(' ').append(rowsLast).append(' ').append(colsLast).append(' ')
                .append(layer.dataType().signedness() == dev.qasim.arith.Signedness.SIGNED ? 1 : 0).append('\n');
        s.append("pre ").append(os ? 0 : (long) folds * rows).append(' ').append(cols * (ws ? k : g)).append('\n');
        StringBuilder stream = new StringBuilder();
        stream.append("str ").append((long) folds * t).append(' ').append(os ? rows * g + cols * k : rows * (ws ? g : k)).append('\n');
        Operands ops = null;
        int opsGroup = -1;
        for (int f = 0; f < folds; f++) {
            int group = map.groupOf(f);
            if (group != opsGroup) {
                ops = new Operands(layer, group);
                opsGroup = group;
            }
            int row0 = map.rowFoldOf(f) * rows;
            int col0 = map.colFoldOf(f) * cols;
            for (int e = 0; e < (os ? 0 : rows); e++) {
                int step = row0 + rows - 1 - e; // the group step this row adds
                for (int j = 0; j < cols; j++) {
                    boolean real = step < map.spatialRows() && col0 + j < map.spatialCols();
                    long[] entries = ws ? terms.weights(ops, real, step, col0 + j) : terms.data(ops, real, col0 + j, step);
                    append(s, entries, j == 0);
                }
                s.append('\n');
            }
            for (int i = 0; i < t; i++) {
                if (os) { // step i: row m's data and column n's weights of group step i
                    for (int r = 0; r < rows; r++) {
                        append(stream, terms.data(ops, row0 + r < map.spatialRows(), row0 + r, i), r == 0);
                    }
                    for (int j = 0; j < cols; j++) {
                        append(stream, terms.weights(ops, col0 + j < map.spatialCols(), i, col0 + j), false);
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        int step = row0 + r;
                        boolean real = step < map.spatialRows();
                        append(stream, ws ? terms.data(ops, real, i, step) : terms.weights(ops, real, step, i), r == 0);
                    }
                }
                stream.append('\n');
            }
        }
        return s.append(stream).toString();
    }

    private static void append(StringBuilder s, long[] entries, boolean first) {
        for (int i = 0; i < entries.length; i++) {
            s.append(first && i == 0 ? "" : " ").append(entries[i]);
        }
    }

    /** A term-serial array's operands of one group step: the revealed weight terms of a column, a row's data values. */
    private static final class TermGroups {
        private final RtlConfig rtl;
        private final Encoder encoder;
        private final GroupStarts groups;
        private final SplittableRandom filler;

        TermGroups(RtlConfig rtl, Encoder encoder, GroupStarts groups, SplittableRandom filler) {
            this.rtl = rtl;
            this.encoder = encoder;
            this.groups = groups;
            this.filler = filler;
        }

        /** The K weight terms of group step {@code step} of column n (arbitrary bits where there is no work). */
        long[] weights(Operands ops, boolean real, int step, int n) {
            int k = rtl.groupBudget();
            long[] entries = new long[k];
            if (!real) {
                for (int i = 0; i < k; i++) {
                    entries[i] = filler.nextLong() & ((1L << rtl.weightTermBits()) - 1);
                }
                return entries;
            }
            int from = groups.start(step);
            long[] values = new long[groups.start(step + 1) - from];
            for (int i = 0; i < values.length; i++) {
                values[i] = ops.weight(from + i, n);
            }
            Revealed revealed = TermRevealing.revealGroup(values, k, encoder);
            int at = 0;
            for (int i = 0; i < values.length; i++) {
                for (long term : revealed.kept().get(i)) {
                    long exponent = Long.numberOfTrailingZeros(Math.abs(term));
                    entries[at++] = 1 | (term < 0 ? 2 : 0) | exponent << 2 | (long) i << (2 + rtl.exponentBits());
                }
            }
            return entries;
        }

        /** The G data values of row m at group step {@code step}, MB-bit patterns (arbitrary where there is no work). */
        long[] data(Operands ops, boolean real, int m, int step) {
            int g = rtl.groupSize();
            long mask = (1L << rtl.mulBits()) - 1;
            long[] values = new long[g];
            int from = real ? groups.start(step) : 0;
            int to = real ? groups.start(step + 1) : 0;
            for (int j = 0; j < g; j++) {
                values[j] = (!real ? filler.nextLong() : from + j < to ? ops.data(m, from + j) : 0) & mask;
            }
            return values;
        }
    }

    /** One group's operands: X (M x K) and W (K x N). */
    private static final class Operands {
        final int k;
        final int[] data;
        final int[] weightColumns;

        Operands(Lowered layer, int g) {
            MatrixForm form = layer.form();
            this.k = form.k();
            this.data = new int[Math.multiplyExact(form.m(), form.k())];
            layer.dataRows(g, 0, form.m(), data);
            this.weightColumns = layer.weightColumns(g);
        }

        long data(int m, int kk) {
            return data[m * k + kk];
        }

        long weight(int kk, int n) {
            return weightColumns[n * k + kk];
        }
    }
}
