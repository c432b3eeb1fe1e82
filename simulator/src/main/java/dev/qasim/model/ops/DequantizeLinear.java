package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/**
 * DequantizeLinear (per tensor or per axis): real values scale * (x - zero_point) with the integers kept as their
 * source, so readers that can take integers do. One PPU operation per element, unless the input is a constant
 * (dequantized once, offline) or every reader takes the integers (the real values are then never formed).
 */
final class DequantizeLinear extends Op {
    static final Schema SCHEMA = Schema.op("DequantizeLinear").versions(10, 13, 19, 21).inputs(2, 3)
            .attr("axis", INT, 13, Integer.MAX_VALUE).attr("block_size", INT, 21, Integer.MAX_VALUE).build(DequantizeLinear::new);

    private final int axis;

    DequantizeLinear(Parsed p) {
        axis = (int) p.i("axis", 1);
        if (p.i("block_size", 0) != 0) {
            p.problem("block_size", Long.toString(p.i("block_size", 0)), "blocked quantization is not supported (block_size 0 only)");
        }
    }

    @Override
    public void run(Exec x) {
        Tensor in = x.in(0);
        if (in instanceof Tensor.Real r) {
            // a float8 tensor: its values are real already, the scale multiplies them
            double s = x.real(x.in(1)).data()[0];
            double[] y = new double[r.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) ((float) r.data()[i] * (float) s);
            }
            x.ppu().products(y.length);
            x.out(0, new Tensor.Real(r.shape(), y));
            return;
        }
        Tensor.Ints q = ArrayWork.withParams(x, 0, (Tensor.Ints) in, x.in(1), x.in(2), axis);
        Tensor.Real r = q.dequantized();
        if (x.constant(0)) {
            x.out(0, r.asFormed()); // a constant: dequantized once, offline
        } else if (x.readersTakeIntegers(0)) {
            x.out(0, r);
        } else {
            x.ppu().products(q.size());
            x.out(0, r.asFormed());
        }
    }
}
