package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * Concat along an axis; addressing only. The integers are kept when every input has per-tensor integers of one
 * type, scale and zero point; otherwise the real values are joined (each input's dequantized when not formed).
 */
final class Concat extends Op {
    static final Schema SCHEMA = Schema.op("Concat").versions(4, 11, 13).inputs(1, Integer.MAX_VALUE).required("axis", INT)
            .build(Concat::new);

    private final long axis;

    Concat(Parsed p) {
        axis = p.i("axis", 0);
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        int n = x.node().inputs().size();
        Tensor first = x.in(0);
        int r = first.rank();
        int a = Shapes.axis(x, "axis", axis, r);
        int[] shape = first.shape().clone();
        shape[a] = 0;
        boolean ints = true;
        Tensor.Ints common = Tensor.source(first);
        for (int i = 0; i < n; i++) {
            Tensor t = x.in(i);
            if (t == null) {
                throw x.badInput(i, null, "every input of Concat must be given");
            }
            int[] s = t.shape();
            for (int d = 0; d < r; d++) {
                if (s.length != r || d != a && s[d] != first.shape()[d]) {
                    throw x.badInput(i, Arrays.toString(s), "must match input 0 " + Arrays.toString(first.shape()) + " except along axis " + a);
                }
            }
            shape[a] += s[a];
            ints &= t instanceof Tensor.Ints;
            Tensor.Ints q = Tensor.source(t);
            if (common != null && (q == null || !q.perTensor() || !common.perTensor() || !q.type().equals(common.type())
                    || q.scale()[0] != common.scale()[0] || q.zeroPoint()[0] != common.zeroPoint()[0])) {
                common = null;
            }
        }
        int outer = Tensor.size(Arrays.copyOf(shape, a));
        int inner = Tensor.size(Arrays.copyOfRange(shape, a + 1, r));
        Tensor[] parts = new Tensor[n];
        for (int i = 0; i < n; i++) {
            parts[i] = ints || common != null ? x.in(i) : x.real(x.in(i));
        }
        if (ints) {
            int[] y = new int[Tensor.size(shape)];
            copy(parts, outer, inner, a, (src, si, di) -> y[di] = ((Tensor.Ints) src).data()[si]);
            x.out(0, Tensor.Ints.plain(shape, y, ((Tensor.Ints) first).type()));
            return;
        }
        double[] y = new double[Tensor.size(shape)];
        copy(parts, outer, inner, a, (src, si, di) -> y[di] = ((Tensor.Real) src).data()[si]);
        if (common != null) {
            int[] q = new int[y.length];
            copy(parts, outer, inner, a, (src, si, di) -> q[di] = Tensor.source(src).data()[si]);
            boolean formed = Arrays.stream(parts).allMatch(p -> ((Tensor.Real) p).formed());
            Tensor.Ints source = new Tensor.Ints(shape, q, common.type(), common.scale(), common.zeroPoint(), 0);
            x.out(0, new Tensor.Real(shape, y, source, formed));
        } else {
            x.out(0, new Tensor.Real(shape, y));
        }
    }

    interface Copy {
        void move(Tensor src, int srcIndex, int dstIndex);
    }

    static void copy(Tensor[] parts, int outer, int inner, int axis, Copy c) {
        int total = 0;
        for (Tensor p : parts) {
            total += p.shape()[axis];
        }
        int offset = 0;
        for (Tensor p : parts) {
            int len = p.shape()[axis];
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < len * inner; k++) {
                    c.move(p, o * len * inner + k, (o * total + offset) * inner + k);
                }
            }
            offset += len;
        }
    }
}
