package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.workload.Operand;

/**
 * Cast (to an element type) and CastLike (to input 1's kind): reals to integers truncate toward zero and wrap to the
 * type's width (NumPy's astype), to bool test for non-zero; integers to reals are exact; reals to float16,
 * bfloat16 and the float8 types are rounded to that format (half to even, saturating where ONNX's saturate is set).
 * Strings are refused. One PPU operation per element.
 */
class Cast extends Op {
    static final Schema SCHEMA = Schema.op("Cast").versions(6, 9, 13, 19, 21).required("to", INT)
            .attr("saturate", INT, 19, Integer.MAX_VALUE).build(p -> new Cast(p, false));

    private final boolean like;
    private final ElementType to;

    Cast(Parsed p, boolean like) {
        this.like = like;
        ElementType t = null;
        if (!like) {
            t = ElementType.of((int) p.i("to", 0));
            if (t == null || t.kind() == ElementType.Kind.REFUSED) {
                p.problem("to", Long.toString(p.i("to", 0)), "must be a numeric ONNX element type qasim reads (not string or complex)");
                t = ElementType.FLOAT;
            }
        }
        this.to = t;
    }

    @Override
    public void run(Exec x) {
        Tensor in = x.in(0);
        ElementType target = to;
        if (like) {
            Tensor ref = x.in(1);
            ElementType declared = x.elementType(1);
            target = declared != null && declared.kind() != ElementType.Kind.REFUSED ? declared
                    : ref instanceof Tensor.Ints q ? ElementType.ofOperand(q.type()) : ElementType.FLOAT;
        }
        x.ppu().ops(in.size());
        if (target.real()) {
            double[] v = in instanceof Tensor.Ints q ? q.asDoubles() : x.real(in).data();
            double[] y = new double[v.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = Floats.round(v[i], target);
            }
            x.out(0, new Tensor.Real(in.shape(), y));
            return;
        }
        Operand type = target.operand();
        int[] y = new int[in.size()];
        if (in instanceof Tensor.Ints q) {
            for (int i = 0; i < y.length; i++) {
                y[i] = target == ElementType.BOOL ? (q.data()[i] != 0 ? 1 : 0) : Binary.wrap(x, q.data()[i], type);
            }
        } else {
            double[] v = x.real(in).data();
            for (int i = 0; i < y.length; i++) {
                if (target == ElementType.BOOL) {
                    y[i] = v[i] != 0 ? 1 : 0;
                } else if (!Double.isFinite(v[i])) {
                    throw x.badInput(0, Double.toString(v[i]), "cannot cast NaN or infinity to an integer type");
                } else {
                    y[i] = Binary.wrap(x, (long) v[i], type);
                }
            }
        }
        x.out(0, Tensor.Ints.plain(in.shape(), y, type));
    }
}
