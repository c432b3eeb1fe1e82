package dev.qasim.rtl;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.engine.Mapping;
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
