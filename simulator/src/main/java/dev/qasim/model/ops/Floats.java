package dev.qasim.model.ops;

/** Rounding real values to ONNX's real element types (for Cast). */
final class Floats {
    private Floats() {}

    /**
     * {@code v} rounded to the nearest value of {@code type} (half to even): float32 and float64 as Java rounds,
     * float16 overflowing to infinity, bfloat16 on float32's exponent range, the float8 and float4 formats
     * saturating at their largest finite value (ONNX's default saturate = 1), float8e8m0 to the nearest power of
     * two. NaN stays NaN.
     */
    static double round(double v, ElementType type) {
        return switch (type) {
            case FLOAT -> (float) v;
            case DOUBLE -> v;
            case FLOAT16 -> grid(v, 10, -14, 65504, false);
            case BFLOAT16 -> bfloat16(v);
            case FLOAT8E4M3FN -> grid(v, 3, -6, 448, true);
            case FLOAT8E4M3FNUZ -> grid(v, 3, -7, 240, true);
            case FLOAT8E5M2 -> grid(v, 2, -14, 57344, true);
            case FLOAT8E5M2FNUZ -> grid(v, 2, -15, 57344, true);
            case FLOAT4E2M1 -> grid(v, 1, 0, 6, true);
            case FLOAT8E8M0 -> Double.isNaN(v) || v <= 0 ? Double.NaN : Math.scalb(1.0, Math.max(-127, Math.min(127,
                    (int) Math.round(Math.log(v) / Math.log(2)))));
            default -> throw new IllegalStateException(type + " is not a real type");
        };
    }

    /**
     * A binary floating-point format with {@code mantissa} fraction bits, smallest normal exponent {@code minExp}
     * and largest finite value {@code max}: values beyond it saturate or become infinite.
     */
    private static double grid(double v, int mantissa, int minExp, double max, boolean saturate) {
        if (Double.isNaN(v) || v == 0 || Double.isInfinite(v) && !saturate) {
            return v;
        }
        double a = Math.abs(v);
        int e = Math.max(minExp, Math.getExponent(a));
        double step = Math.scalb(1.0, e - mantissa);
        double r = Math.rint(a / step) * step;
        if (r > max) {
            r = saturate ? max : Double.POSITIVE_INFINITY;
        }
        return Math.copySign(r, v);
    }

    private static double bfloat16(double v) {
        float f = (float) v;
        if (Float.isNaN(f)) {
            return f;
        }
        int bits = Float.floatToRawIntBits(f);
        int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xffff0000);
    }
}
