package dev.qasim.model.ops;

import dev.qasim.input.Problems;
import dev.qasim.model.onnx.Onnx;
import java.util.Arrays;
import java.util.List;

/**
 * A node being checked at load: its attributes (their presence and types already checked against the schema of
 * the version it binds to), read with defaults, and the problems its factory finds, each naming the node, the
 * attribute, its value and what is allowed.
 */
public final class Parsed {

    /** Decodes tensor attributes (the model's tensor reader). */
    public interface Decoder {
        Tensor decode(Onnx.TensorProto tensor, String path);

        Tensor sparse(Onnx.SparseTensorProto tensor, String path);
    }

    private final Node node;
    private final String source;
    private final Problems problems;
    private final Decoder decoder;

    public Parsed(Node node, String source, Problems problems, Decoder decoder) {
        this.node = node;
        this.source = source;
        this.problems = problems;
        this.decoder = decoder;
    }

    public Node node() {
        return node;
    }

    /** The operator-set version the node binds to. */
    public int version() {
        return node.version();
    }

    public String source() {
        return source;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String name) {
        return node.attributes().containsKey(name);
    }

    public long i(String name, long fallback) {
        return node.integer(name, fallback);
    }

    public double f(String name, double fallback) {
        return node.real(name, fallback);
    }

    public String s(String name, String fallback) {
        return node.string(name, fallback);
    }

    /** An integer list attribute, or null when absent. */
    public long[] ints(String name) {
        return node.longs(name);
    }

    /** A float list attribute, or null when absent. */
    public double[] floats(String name) {
        return node.reals(name);
    }

    /** A tensor attribute decoded, or null when absent or unreadable (then a problem is recorded). */
    public Tensor tensor(String name) {
        Onnx.AttributeProto a = node.attributes().get(name);
        if (a == null) {
            return null;
        }
        try {
            return decoder.decode(a.getT(), node.where() + "." + name);
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A sparse tensor attribute as the dense tensor it stands for, or null when absent or unreadable. */
    public Tensor sparseTensor(String name) {
        Onnx.AttributeProto a = node.attributes().get(name);
        if (a == null) {
            return null;
        }
        try {
            return decoder.sparse(a.getSparseTensor(), node.where() + "." + name);
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Records a problem with attribute {@code name} (null: the node itself). */
    public void problem(String name, String value, String rule) {
        problems.add(source, node.where() + (name == null ? "" : "." + name), value, rule);
    }

    /** An integer attribute from {@code min} to {@code max}; out of range: a problem, and the fallback. */
    public int intIn(String name, long fallback, long min, long max) {
        long v = i(name, fallback);
        if (v < min || v > max) {
            problem(name, Long.toString(v), "must be an integer from " + min + " to " + max);
            return (int) fallback;
        }
        return (int) v;
    }

    /** A 0 / 1 attribute. */
    public boolean flag(String name, boolean fallback) {
        return intIn(name, fallback ? 1 : 0, 0, 1) == 1;
    }

    /** A string attribute that must be one of {@code allowed} (compared as written); otherwise a problem and the fallback. */
    public String oneOf(String name, String fallback, List<String> allowed) {
        String v = s(name, fallback);
        if (!allowed.contains(v)) {
            problem(name, v, "must be one of " + String.join(", ", allowed));
            return fallback;
        }
        return v;
    }

    /** A finite float attribute; otherwise a problem and the fallback. */
    public double finite(String name, double fallback) {
        double v = f(name, fallback);
        if (!Double.isFinite(v)) {
            problem(name, Double.toString(v), "must be a finite number");
            return fallback;
        }
        return v;
    }

    /** An integer list attribute whose values each lie in min..max (null when absent); otherwise a problem and null. */
    public int[] intsIn(String name, long min, long max) {
        long[] v = ints(name);
        if (v == null) {
            return null;
        }
        for (long x : v) {
            if (x < min || x > max) {
                problem(name, Arrays.toString(v), "values must be integers from " + min + " to " + max);
                return null;
            }
        }
        return Arrays.stream(v).mapToInt(x -> (int) x).toArray();
    }
}
