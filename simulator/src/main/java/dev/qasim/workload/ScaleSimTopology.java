package dev.qasim.workload;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SCALE-Sim topology files (CSV) read as workloads, the way SCALE-Sim (v2 and v3) reads them. Two forms, told apart
 * by the header line:
 * <ul>
 *   <li>conv: {@code Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
 *       Strides,}; a ninth field, when present and not empty, is the stride width (the eighth then the stride height),
 *       as SCALE-Sim reads it. Each row is a conv2d with batch 1, padding 0, dilation 1 and groups 1, as SCALE-Sim has
 *       no padding. A row whose name contains {@code DP} is a depthwise conv, as SCALE-Sim reads it (it runs one
 *       one-channel layer per channel): groups = Channels and Num Filter filters per channel.</li>
 *   <li>GEMM: {@code Layer name, M, N, K,}; each row is a gemm layer.</li>
 * </ul>
 * Fields are trimmed; the trailing comma SCALE-Sim writes is optional; blank lines, lines of empty fields and
 * text after a {@code #} are ignored. Fields after a row's last column (a tenth one on, or a fifth in the GEMM form)
 * are ignored, as SCALE-Sim ignores them, and noted. A layer name used again is made unique ({@code conv1_2}) and
 * noted: SCALE-Sim allows repeated names, qasim's reports need unique ones. A layer whose data, weight or output
 * tensor holds more than {@link Npy#MAX_VALUES} values cannot hold values; it runs shape-only (exact cycles, MACs,
 * traffic and energy; no outputs or overflow events) and is noted. Every layer gets the built-in operand types and
 * values of a workload file (s8 weights, u8 data, synthetic gaussian values with seed 1).
 *
 * <p>SCALE-Sim's output size is ceil((H - Kh + S) / S), one more than the true floor((H - Kh) / S) + 1 whenever H -
 * Kh is not a multiple of the stride. With {@link OutputSize#STANDARD} qasim computes the true size and the notes
 * list every layer where they differ; with {@link OutputSize#SCALESIM} it follows SCALE-Sim's.
 */
public final class ScaleSimTopology {
    private static final List<String> CONV = List.of("Layer name", "IFMAP Height", "IFMAP Width", "Filter Height",
            "Filter Width", "Channels", "Num Filter", "Strides");
    private static final List<String> CONV_TWO_STRIDES = List.of("Layer name", "IFMAP Height", "IFMAP Width",
            "Filter Height", "Filter Width", "Channels", "Num Filter", "Stride Height", "Stride Width");
    private static final List<String> GEMM = List.of("Layer name", "M", "N", "K");

    private final String source;
    private final Problems problems = new Problems();
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> lineOfName = new HashMap<>();
    private final OutputSize outputSize;
    /** Lines whose fields after the last column were ignored: how many, and the first. */
    private int ignoredLines;
    private int firstIgnored;

    private ScaleSimTopology(String source, OutputSize outputSize) {
        this.source = source;
        this.outputSize = outputSize;
    }

    /** Whether a workload file is a SCALE-Sim topology: its name ends in {@code .csv} (any case). */
    public static boolean isTopology(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /**
     * Reads a SCALE-Sim topology file, conv or GEMM form. The workload is named after the file (without
     * {@code .csv}).
     *
     * @throws BadInputException listing every problem, each naming the line (and column) and what is allowed
     */
    public static Workload load(Path csv) {
        return load(csv, OutputSize.STANDARD);
    }

    /**
     * Reads a SCALE-Sim topology file with conv output sizes under {@code outputSize}.
     *
     * @throws BadInputException listing every problem, each naming the line (and column) and what is allowed
     */
    public static Workload load(Path csv, OutputSize outputSize) {
        String source = csv.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw BadInputException.of(source, "", null, "file not found");
        } catch (IOException e) {
            throw BadInputException.of(source, "", null, "cannot read the file (" + e.getMessage() + ")");
        }
        ScaleSimTopology topology = new ScaleSimTopology(source, outputSize);
        topology.read(lines);
        topology.problems.throwIfAny();
        String name = csv.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return new Workload(name, topology.layers, csv, topology.notes);
    }

    private void read(List<String> lines) {
        Boolean gemm = null;
        for (int i = 0; i < lines.size(); i++) {
            List<String> fields = fields(lines.get(i));
            if (fields.isEmpty()) {
                continue;
            }
            if (gemm == null) {
                gemm = header(i + 1, fields);
            } else if (gemm) {
                row(i + 1, fields, GEMM);
            } else {
                row(i + 1, fields, CONV);
            }
        }
        if (gemm == null) {
            problems.add(source, "", null, "the file is empty; a SCALE-Sim topology starts with a header line: "
                    + String.join(", ", CONV) + " (conv form) or " + String.join(", ", GEMM) + " (GEMM form)");
        } else if (layers.isEmpty() && problems.isEmpty()) {
            problems.add(source, "", null, "no layers after the header line");
        }
        if (ignoredLines > 0) {
            notes.add("fields after the last column (" + (Boolean.TRUE.equals(gemm) ? "K" : "the stride") + ") ignored on "
                    + ignoredLines + " line(s), the first line " + firstIgnored + ", as SCALE-Sim reads only a layer's columns");
        }
    }

    /** Reads the header line: whether the file is in the GEMM form. */
    private boolean header(int line, List<String> fields) {
        boolean gemm = fields.size() == GEMM.size()
                && fields.subList(1, 4).stream().map(f -> f.toUpperCase(Locale.ROOT)).toList().equals(GEMM.subList(1, 4));
        if (fields.size() > 1 && positive(fields.get(1)) > 0) {
            problems.add(source, "line " + line, quoted(fields), "looks like a layer; the first line must be the header: "
                    + String.join(", ", CONV) + " (conv form) or " + String.join(", ", GEMM) + " (GEMM form)");
        }
        return gemm;
    }

    private void row(int line, List<String> fields, List<String> columns) {
        List<String> used = layerFields(line, fields, columns);
        if (used == null) {
            return;
        }
        List<String> names = used.size() == CONV_TWO_STRIDES.size() ? CONV_TWO_STRIDES : columns;
        String name = uniqueName(line, used.get(0));
        if (name == null) {
            return;
        }
        boolean ok = true;
        int[] v = new int[used.size()];
        for (int j = 1; j < used.size(); j++) {
            v[j] = positive(used.get(j));
            if (v[j] < 1) {
                problems.add(source, "line " + line + ", " + names.get(j), used.get(j), "must be an integer of at least 1");
                ok = false;
            }
        }
        if (!ok) {
            return;
        }
        Layer layer = columns == GEMM ? new Gemm(WorkloadLoader.defaultSpec(name), v[1], v[2], v[3]) : conv(line, name, v);
        if (layer == null) {
            return;
        }
        String tooLarge = WorkloadLoader.tooLarge(layer);
        if (tooLarge != null) {
            notes.add(name + ": " + tooLarge + "; it runs shape-only (cycles, MACs, memory traffic and energy exact; no values,"
                    + " outputs or overflow events), as SCALE-Sim, which has no values, runs it");
        }
        layers.add(layer);
    }

    /**
     * The fields of a row that make its layer: the form's columns (a conv-form row's ninth field when it holds the
     * stride width), the rest ignored and counted; {@code null} after reporting a row with too few fields.
     */
    private List<String> layerFields(int line, List<String> fields, List<String> columns) {
        int size = columns.size();
        if (fields.size() < size) {
            String rule = columns == GEMM ? "a GEMM-form row has 4 fields: " + String.join(", ", GEMM)
                    : "a conv-form row has 8 fields: " + String.join(", ", CONV) + "; or 9, with " + CONV_TWO_STRIDES.get(7)
                    + " and " + CONV_TWO_STRIDES.get(8);
            problems.add(source, "line " + line, quoted(fields), rule);
            return null;
        }
        if (columns != GEMM && fields.size() > size && !fields.get(size).isEmpty()) {
            size++; // the stride width
        }
        if (fields.size() > size && fields.subList(size, fields.size()).stream().anyMatch(f -> !f.isEmpty())) {
            if (ignoredLines++ == 0) {
                firstIgnored = line;
            }
        }
        return fields.subList(0, size);
    }

    /**
     * The row's layer name, made unique when an earlier row has it (noted); {@code null} after reporting an empty one.
     */
    private String uniqueName(int line, String name) {
        if (name.isEmpty()) {
            problems.add(source, "line " + line + ", " + CONV.get(0), "\"\"", "must not be empty");
            return null;
        }
        Integer first = lineOfName.putIfAbsent(name, line);
        if (first == null) {
            return name;
        }
        String unique = name;
        for (int i = 2; lineOfName.containsKey(unique); i++) {
            unique = name + "_" + i;
        }
        lineOfName.put(unique, line);
        notes.add("line " + line + ": the layer name " + name + " is also line " + first + "'s; this layer is named " + unique
                + " (SCALE-Sim allows repeated names, qasim's reports need unique ones)");
        return unique;
    }

    /** A conv-form row as a conv2d layer, or {@code null} after reporting a filter larger than its input. */
    private Conv2d conv(int line, String name, int[] v) {
        int h = v[1];
        int w = v[2];
        int kh = v[3];
        int kw = v[4];
        int channels = v[5];
        int strideH = v[7];
        int strideW = v.length > 8 ? v[8] : strideH;
        boolean ok = true;
        if (kh > h) {
            problems.add(source, "line " + line + ", Filter Height", Integer.toString(kh),
                    "must be at most the IFMAP Height " + h + " (SCALE-Sim has no padding)");
            ok = false;
        }
        if (kw > w) {
            problems.add(source, "line " + line + ", Filter Width", Integer.toString(kw),
                    "must be at most the IFMAP Width " + w + " (SCALE-Sim has no padding)");
            ok = false;
        }
        long filters = name.contains("DP") ? (long) channels * v[6] : v[6];
        if (filters > Integer.MAX_VALUE) {
            problems.add(source, "line " + line + ", Num Filter", Integer.toString(v[6]), "too many filters in all");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        int groups = name.contains("DP") ? channels : 1;
        Conv2d conv = new Conv2d(WorkloadLoader.defaultSpec(name), 1, channels, (int) filters, new Conv2d.Axis(h, kh, strideH, 0, 1),
                new Conv2d.Axis(w, kw, strideW, 0, 1), groups, outputSize);
        long theirH = (h - kh + 2L * strideH - 1) / strideH; // ceil((H - Kh + S) / S)
        long theirW = (w - kw + 2L * strideW - 1) / strideW;
        if (theirH != conv.outHeight() || theirW != conv.outWidth()) {
            notes.add(name + ": SCALE-Sim's output is " + theirH + "x" + theirW + ", qasim's true size is "
                    + conv.outHeight() + "x" + conv.outWidth());
        }
        if (groups > 1) {
            notes.add(name + ": a DP (depthwise) layer, read as SCALE-Sim does: groups = " + groups + ", "
                    + v[6] + " filter(s) per channel");
        }
        return conv;
    }

    /** The fields of a line: text after '#' dropped, split at commas, trimmed, trailing empty fields dropped. */
    static List<String> fields(String line) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).replace("\uFEFF", "");
        List<String> fields = new ArrayList<>(Arrays.stream(text.split(",", -1)).map(String::strip).toList());
        while (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
            fields.remove(fields.size() - 1);
        }
        return fields;
    }

    /** The field as a positive int, or 0 when it is not one. */
    private static int positive(String field) {
        try {
            return Math.max(0, Integer.parseInt(field));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String quoted(List<String> fields) {
        return "\"" + String.join(",", fields) + "\"";
    }
}
