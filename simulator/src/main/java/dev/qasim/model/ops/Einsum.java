package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Einsum (opset 12): any equation of letters and one "..." per term, explicit ("->") or implicit output. A
 * product of two operands with integers whose output is (batch labels, one row label, one column label) in that
 * order, as attention's Q K^T ({@code bhid,bhjd->bhij}) and P V ({@code bhij,bhjd->bhid}) are, runs on the array as
 * a batched gemm (operands permuted and reshaped, addressing only); every other equation, and operands without
 * integers, in float: one PPU operation per multiply-add.
 */
final class Einsum extends Op {
    static final Schema SCHEMA = Schema.op("Einsum").versions(12).inputs(1, Integer.MAX_VALUE).required("equation", STRING).array()
            .build(Einsum::new);

    private final String equation;
    private final List<String> terms;
    private final String output;

    Einsum(Parsed p) {
        equation = p.s("equation", "").replace(" ", "");
        String[] sides = equation.split("->", -1);
        terms = List.of(sides[0].split(",", -1));
        String out = sides.length > 1 ? sides[1] : null;
        boolean valid = sides.length <= 2 && terms.size() == p.node().inputs().size();
        for (String t : terms) {
            valid &= t.replace("...", "").chars().allMatch(Character::isLetter) && t.indexOf("...") == t.lastIndexOf("...");
        }
        if (out != null) {
            valid &= out.replace("...", "").chars().allMatch(Character::isLetter);
        } else {
            // implicit output: the ellipsis, then the letters that appear once, in alphabetical order
            Map<Character, Integer> counts = new java.util.TreeMap<>();
            for (String t : terms) {
                for (char c : t.replace("...", "").toCharArray()) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
            StringBuilder b = new StringBuilder(String.join("", terms).contains("...") ? "..." : "");
            counts.forEach((c, n) -> {
                if (n == 1) {
                    b.append(c);
                }
            });
            out = b.toString();
        }
        if (!valid) {
            p.problem("equation", equation, "must be one term of letters (and at most one ...) per input, optionally -> and the output's");
        }
        output = out;
    }

    @Override
    public boolean takesIntegers(int i) {
        return terms.size() == 2;
    }

    @Override
    public void run(Exec x) {
        int n = terms.size();
        // labels with the ellipsis expanded to private characters, one per dimension it covers, right-aligned
        // across the inputs (NumPy broadcasts the ellipsis dimensions)
        int ellipsis = 0;
        for (int i = 0; i < n; i++) {
            String t = terms.get(i);
            int rank = x.in(i).rank();
            int named = t.replace("...", "").length();
            if (t.contains("...") ? rank < named : rank != named) {
                throw x.badInput(i, Arrays.toString(x.in(i).shape()), "has " + rank + " dimensions, which do not fit the term " + t
                        + " of " + equation);
            }
            ellipsis = Math.max(ellipsis, rank - named);
        }
        List<char[]> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(expand(terms.get(i), x.in(i).rank(), ellipsis));
        }
        char[] out = expand(output, output.replace("...", "").length() + (output.contains("...") ? ellipsis : 0), ellipsis);
        Map<Character, Integer> dims = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            char[] l = labels.get(i);
            for (int d = 0; d < l.length; d++) {
                int size = x.in(i).shape()[d];
                Integer seen = dims.get(l[d]);
                if (seen != null && seen != size && seen != 1 && size != 1) {
                    throw x.badInput(i, Arrays.toString(x.in(i).shape()), "label " + l[d] + " of " + equation + " has size " + size + " here and "
                            + seen + " elsewhere");
                }
                dims.put(l[d], seen == null || seen == 1 ? size : seen);
            }
        }
        for (char c : out) {
            if (!dims.containsKey(c)) {
                throw x.bad(".equation", equation, "the output label " + c + " appears in no input");
            }
        }
        if (n == 2 && onArray(x, labels.get(0), labels.get(1), out, dims)) {
            return;
        }
        floatEinsum(x, labels, out, dims);
    }

    /** A term's labels, its ellipsis replaced by the last of {@code ellipsis} private characters it covers. */
    private static char[] expand(String term, int rank, int ellipsis) {
        int e = rank - term.replace("...", "").length();
        StringBuilder b = new StringBuilder();
        int at = term.indexOf("...");
        for (int i = 0; i < term.length(); i++) {
            if (i == at) {
                for (int k = 0; k < e; k++) {
                    b.append((char) ('\uE000' + ellipsis - e + k));
                }
                i += 2;
            } else {
                b.append(term.charAt(i));
            }
        }
        return b.toString().toCharArray();
    }

    private static int position(char[] labels, char c) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The product on the array when the operands have integers and the equation is a batched matrix product. */
    private boolean onArray(Exec x, char[] a, char[] b, char[] out, Map<Character, Integer> dims) {
        List<Character> batch = new ArrayList<>();
        List<Character> m = new ArrayList<>();
        List<Character> nn = new ArrayList<>();
        List<Character> k = new ArrayList<>();
        for (char c : dims.keySet()) {
            boolean inA = position(a, c) >= 0;
            boolean inB = position(b, c) >= 0;
            boolean inOut = position(out, c) >= 0;
            if (inA && inB && inOut) {
                batch.add(c);
            } else if (inA && inB) {
                k.add(c);
            } else if (inA && inOut) {
                m.add(c);
            } else if (inB && inOut) {
                nn.add(c);
            } else {
                return false;
            }
        }
        List<Character> expected = new ArrayList<>(batch);
        expected.addAll(m);
        expected.addAll(nn);
        List<Character> actual = new ArrayList<>();
        for (char c : out) {
            actual.add(c);
        }
        if (m.size() != 1 || nn.size() != 1 || k.isEmpty() || !expected.equals(actual) || new String(a).chars().distinct().count() != a.length
                || new String(b).chars().distinct().count() != b.length) {
            return false;
        }
        for (char c : dims.keySet()) {
            if ((position(a, c) >= 0 && x.in(0).shape()[position(a, c)] != dims.get(c))
                    || (position(b, c) >= 0 && x.in(1).shape()[position(b, c)] != dims.get(c))) {
                return false; // a broadcast label: in float
            }
        }
        Tensor.Ints qa = x.dataInts(0);
        Tensor.Ints qb = x.dataInts(1);
        if (qa == null || qb == null || !qa.perTensor() || !qb.perTensor()) {
            return false;
        }
        List<Character> aOrder = new ArrayList<>(batch);
        aOrder.addAll(m);
        aOrder.addAll(k);
        List<Character> bOrder = new ArrayList<>(batch);
        bOrder.addAll(k);
        bOrder.addAll(nn);
        Tensor.Ints pa = arranged(qa, a, aOrder, batch.size(), dims);
        Tensor.Ints pb = arranged(qb, b, bOrder, batch.size(), dims);
        ArrayWork.matmul(x, pa, pb, false, 1, null, x.fusedTarget(), 1);
        return true;
    }

    /** Integers permuted to {@code order} and reshaped to (batch labels..., rows, columns). */
    private static Tensor.Ints arranged(Tensor.Ints q, char[] labels, List<Character> order, int batch, Map<Character, Integer> dims) {
        int[] perm = new int[order.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = position(labels, order.get(i));
        }
        Tensor.Ints p = (Tensor.Ints) Transpose.permuted(q, perm);
        int[] shape = new int[batch + 2];
        for (int i = 0; i < batch; i++) {
            shape[i] = dims.get(order.get(i));
        }
        int rows = 1;
        int cols = 1;
        int split = batch + 1;
        for (int i = batch; i < order.size(); i++) {
            if (i < split) {
                rows *= dims.get(order.get(i));
            } else {
                cols *= dims.get(order.get(i));
            }
        }
        shape[batch] = rows;
        shape[batch + 1] = cols;
        return new Tensor.Ints(shape, p.data(), p.type(), p.scale(), p.zeroPoint(), 0);
    }

    /** Every output element as the sum over the contracted labels of the product of the inputs. */
    private void floatEinsum(Exec x, List<char[]> labels, char[] out, Map<Character, Integer> dims) {
        List<Character> all = new ArrayList<>(dims.keySet());
        int[] size = all.stream().mapToInt(dims::get).toArray();
        int[] outShape = new int[out.length];
        for (int d = 0; d < out.length; d++) {
            outShape[d] = dims.get(out[d]);
        }
        Shapes.checked(x, outShape, "the output");
        int n = labels.size();
        double[][] data = new double[n][];
        int[][] strideOf = new int[n][all.size()]; // each input's stride for each label (0 where absent or broadcast)
        for (int i = 0; i < n; i++) {
            Tensor t = x.in(i);
            data[i] = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
            int[] st = Shapes.strides(t.shape());
            char[] l = labels.get(i);
            for (int d = 0; d < l.length; d++) {
                if (t.shape()[d] != 1) {
                    strideOf[i][all.indexOf(l[d])] += st[d];
                }
            }
        }
        int[] outStride = new int[all.size()];
        int[] os = Shapes.strides(outShape);
        for (int d = 0; d < out.length; d++) {
            outStride[all.indexOf(out[d])] += os[d];
        }
        double[] y = new double[Tensor.size(outShape)];
        long total = 1;
        for (int s : size) {
            total *= s;
        }
        int[] idx = new int[all.size()];
        for (long step = 0; step < total; step++) {
            double prod = 1;
            for (int i = 0; i < n; i++) {
                int off = 0;
                for (int d = 0; d < idx.length; d++) {
                    off += idx[d] * strideOf[i][d];
                }
                prod *= data[i][off];
            }
            int o = 0;
            for (int d = 0; d < idx.length; d++) {
                o += idx[d] * outStride[d];
            }
            y[o] += prod;
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        x.ppu().products(total);
        x.out(0, new Tensor.Real(outShape, y));
    }
}
