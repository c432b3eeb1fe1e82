package dev.qasim.workload;

import java.util.Arrays;

/**
 * A layer's integer weights and data, checked against the layer's shapes and operand types.
 */
public record LayerValues(IntTensor weights, IntTensor data) {

    /** Checks that the tensors have the layer's shapes and that every value fits its operand type. */
    public static LayerValues checked(Layer layer, IntTensor weights, IntTensor data) {
        check("weights", layer.weightShape(), weights, layer.spec().weights());
        check("data", layer.dataShape(), data, layer.spec().data());
        return new LayerValues(weights, data);
    }

    private static void check(String what, int[] shape, IntTensor t, Operand type) {
        if (!Arrays.equals(shape, t.shape())) {
            throw new IllegalArgumentException(what + " have shape " + Arrays.toString(t.shape()) + ", the layer needs "
                    + Arrays.toString(shape));
        }
        int[] range = t.range();
        if (!type.fits(range[0]) || !type.fits(range[1])) {
            throw new IllegalArgumentException(what + " hold values in [" + range[0] + ", " + range[1] + "], outside "
                    + type + " [" + type.min() + ", " + type.max() + "]");
        }
    }
}
