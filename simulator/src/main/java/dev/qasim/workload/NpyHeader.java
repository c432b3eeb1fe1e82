package dev.qasim.workload;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The header of a .npy file: a Python dict literal such as
 * {@code {'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }}. Only the tiny fixed grammar NumPy writes is
 * read: strings in single or double quotes (no escapes), {@code True}/{@code False}, and tuples of non-negative
 * integers (a Python 2 {@code L} suffix is accepted). Exactly the keys {@code descr}, {@code fortran_order} and
 * {@code shape} must be present.
 *
 * @param dtype the element type
 * @param order the byte order of multi-byte elements (little endian for one-byte ones)
 * @param shape the dimensions, outermost first; empty for a scalar
 */
record NpyHeader(Npy.Dtype dtype, ByteOrder order, int[] shape) {

    /** Thrown for a header that cannot be read; the message says what is wrong and what is allowed. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    long count() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The header dict as NumPy writes it, little endian, C order (no padding, no newline). */
    String format() {
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) {
            dims.add(Integer.toString(d));
        }
        String descr = (dtype.size() == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + dtype.code();
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
    }

    /** Parses a header dict; rejects Fortran order, unsupported dtypes and malformed text. */
    static NpyHeader parse(String text) throws Malformed {
        Map<String, Object> dict = new Parser(text).dict();
        for (String key : dict.keySet()) {
            if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                throw new Malformed("the header has an unknown key '" + key + "'; a .npy header has descr, fortran_order and shape");
            }
        }
        Object descr = required(dict, "descr");
        Object fortran = required(dict, "fortran_order");
        Object shape = required(dict, "shape");
        if (!(descr instanceof String d)) {
            throw new Malformed("descr must be a string such as '<i4', got " + show(descr));
        }
        if (!(fortran instanceof Boolean f)) {
            throw new Malformed("fortran_order must be True or False, got " + show(fortran));
        }
        if (f) {
            throw new Malformed("fortran_order is True; only C order is supported (save np.ascontiguousarray(x))");
        }
        if (!(shape instanceof int[] dims)) {
            throw new Malformed("shape must be a tuple of integers, got " + show(shape));
        }
        Npy.Dtype dtype = Npy.Dtype.ofCode(d.length() == 3 ? d.substring(1) : "");
        char byteOrder = d.isEmpty() ? '?' : d.charAt(0);
        boolean orderOk = dtype != null && (dtype.size() == 1 ? "|<>".indexOf(byteOrder) >= 0 : "<>".indexOf(byteOrder) >= 0);
        if (!orderOk) {
            throw new Malformed("dtype '" + d + "' is not supported; allowed: " + Npy.Dtype.allowed()
                    + " (convert with x.astype(np.int32), for example)");
        }
        return new NpyHeader(dtype, byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, dims);
    }

    /** A header value as Python writes it. */
    private static String show(Object value) {
        return value instanceof int[] dims ? Npy.tuple(dims) : value instanceof String s ? "'" + s + "'"
                : value.equals(Boolean.TRUE) ? "True" : "False";
    }

    private static Object required(Map<String, Object> dict, String key) throws Malformed {
        Object v = dict.get(key);
        if (v == null) {
            throw new Malformed("the header has no '" + key + "'; a .npy header has descr, fortran_order and shape");
        }
        return v;
    }

    /** A recursive-descent reader of the header's grammar. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() throws Malformed {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw malformed("the key '" + key + "' appears twice");
                }
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw malformed("expected ',' or '}'");
                }
            }
            at++;
            if (peek() != 0) {
                throw malformed("unexpected text after the dict");
            }
            return out;
        }

        private Object value() throws Malformed {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (c == '[') { // NumPy writes a list of fields as the descr of a structured dtype
                throw new Malformed("structured dtypes are not supported; allowed: " + Npy.Dtype.allowed());
            }
            throw malformed("expected a string, True, False or a tuple");
        }

        private String string() throws Malformed {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw malformed("expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw malformed("unterminated string");
            }
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }

        private int[] tuple() throws Malformed {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = at;
                long v = 0;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    v = v * 10 + (text.charAt(at++) - '0');
                    if (v > Integer.MAX_VALUE) {
                        throw malformed("a dimension is too large");
                    }
                }
                if (at == start) {
                    throw malformed("expected a non-negative integer in the shape");
                }
                if (at < text.length() && text.charAt(at) == 'L') {
                    at++; // Python 2 long literal
                }
                dims.add((int) v);
                if (peek() == ',') {
                    at++;
                } else if (peek() != ')') {
                    throw malformed("expected ',' or ')' in the shape");
                }
            }
            at++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private void expect(char c) throws Malformed {
            if (peek() != c) {
                throw malformed("expected '" + c + "'");
            }
            at++;
        }

        /** The next character that is not white space (0 at the end), without consuming it. */
        private char peek() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at < text.length() ? text.charAt(at) : 0;
        }

        private Malformed malformed(String what) {
            return new Malformed("malformed header (" + what + " at character " + at + "): " + text.strip());
        }
    }
}
