package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import java.util.List;

/**
 * Gelu (opset 20): x / 2 (1 + erf(x / sqrt 2)), or with approximate = "tanh" x / 2 (1 + tanh(sqrt(2 / pi)
 * (x + 0.044715 x^3))). One PPU operation per element. (Exporters before opset 20 write the exact form as Div,
 * Erf, Add, Mul, which runs node by node.)
 */
final class Gelu extends Unary {
    static final Schema SCHEMA = Schema.op("Gelu").versions(20).attr("approximate", STRING).build(Gelu::new);

    private final boolean tanh;

    Gelu(Parsed p) {
        tanh = p.oneOf("approximate", "none", List.of("none", "tanh")).equals("tanh");
    }

    @Override
    double apply(double v) {
        return tanh ? 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))
                : 0.5 * v * (1 + Special.erf(v / Math.sqrt(2)));
    }
}
