package dev.qasim.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.qasim.config.ArchLoader;
import dev.qasim.model.Validation;
import dev.qasim.quant.BitAllocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code qasim validate}: one table per layer (operand widths against the multiplier, the
 * accumulator bounds against the accumulator, what the data did, cycles and energy) and the model's accuracies,
 * as report.json, report.md and report.html (one self-contained page), plus the console table.
 */
public final class ValidationReport {
    private static final Escaper HTML = HtmlEscapers.htmlEscaper();
    private static final List<String> HEADERS = List.of("layer", "w x data", "fits mult.", "acc bits", "data-type bits",
            "l1 bits", "A2Q bits (types / l1)", "observed bits (min safe)", "overflow events", "cycles", "energy uJ", "violation");
    /** The column of the bit allocation, before the violations, when it was asked for. */
    private static final String ALLOCATION = "operand bits for acc (calib. / l1)";

    private ValidationReport() {}

    /** The report tree (report.json). */
    public static Map<String, Object> tree(Validation.Result r, Provenance provenance) {
        List<Object> layers = new ArrayList<>();
        for (Validation.LayerCheck l : r.layers()) {
            layers.add(Trees.of("name", l.name(), "type", l.type(), "weights", l.weightType(), "data", l.dataType(),
                    "multiplierBits", r.arch().pe().multiplierBits(), "fitsMultiplier", l.fitsMultiplier(),
                    "accumulatorBits", r.arch().pe().accumulatorBits(), "dataTypeWorstCase", l.dataTypeWorstCase(),
                    "dataTypeBits", l.dataTypeBits(), "l1Bound", l.l1Bound(), "l1Bits", l.l1Bits(),
                    "a2qDataTypeBits", l.a2qDataTypeBits(), "a2qWeightBits", l.a2qWeightBits(),
                    "observedMinPartialSum", l.observedMin(), "observedMaxPartialSum", l.observedMax(),
                    "minimalSafeAccumulatorBits", l.observedBits(), "overflowEvents", l.overflowEvents(),
                    "overflowedOutputs", l.overflowedOutputs(), "macs", l.macs(), "cycles", l.cycles(),
                    "energyPj", l.energyPj(), "termPairs", l.termPairs(), "costModelTermPairs", l.costModelPairs(),
                    "nonzeroTermPairs", pairs(l.nonzeroTermPairs()), "bitAllocation", allocation(l.allocation()), "violations", l.violations()));
        }
        return Trees.of("qasimVersion", Version.get(), "provenance", provenance, "arch", r.arch().toTree(),
                "model", r.model(), "dataset", r.dataset(), "testImages", r.testImages(),
                "calibrationImages", r.calibrationImages(), "calibration", r.calibration(), "weightCalibration", r.weightCalibration(),
                "quantizedByQasim", r.quantizedByQasim(), "accuracy", Trees.of("floatModel", r.floatAccuracy(),
                        "quantizedExact", r.exactAccuracy(), "simulatedHardware", r.hardwareAccuracy(),
                        "top5", r.top5() == null ? null : Trees.of("floatModel", r.top5().floatModel(), "quantizedExact", r.top5().exact(),
                                "simulatedHardware", r.top5().hardware()),
                        "ties", ties(r.accuracy().ties()), "resolutionPoints", r.resolutionPoints()),
                "outputErrors", outputErrors(r),
                "chance", r.chance() == null ? null : Trees.of("referenceTop1", r.chance().accuracy(), "mostFrequentLabel",
                        r.chance().chance(), "threshold", r.chance().threshold(), "nearChance", r.chance().near()),
                "violation", r.violation(), "cycles", r.cycles(), "postCycles", r.postCycles(), "energyPj", r.energyPj(),
                "termPairs", r.termPairs(), "costModelTermPairs", r.costModelPairs(),
                "nonzeroTermPairs", pairs(r.nonzeroTermPairs()), "notes", r.notes(), "layers", layers);
    }

    private static Map<String, Object> pairs(dev.qasim.engine.NonzeroTermPairs p) {
        return Trees.of("binary", p.binary(), "hese", p.hese());
    }

    private static List<Object> outputErrors(Validation.Result r) {
        List<Object> out = new ArrayList<>();
        for (Validation.OutputError e : r.outputErrors()) {
            out.add(Trees.of("output", e.output(), "reference", e.reference(), "exactMaxAbsError", e.exactMaxAbsError(),
                    "exactSqnrDb", e.exactSqnrDb(), "hardwareMaxAbsError", e.hardwareMaxAbsError(), "hardwareSqnrDb", e.hardwareSqnrDb()));
        }
        return out;
    }

    private static Map<String, Object> ties(Validation.Ties t) {
        return t == null ? null : Trees.of("exactTied", t.exactTied(), "hardwareTied", t.hardwareTied(),
                "quantizedExactUnrounded", t.exactUnroundedAccuracy());
    }

    /** A layer's bit allocation for the hardware's accumulator, or null. */
    private static Map<String, Object> allocation(BitAllocation a) {
        if (a == null) {
            return null;
        }
        List<Object> choices = new ArrayList<>();
        for (BitAllocation.Choice c : a.choices()) {
            choices.add(Trees.of("dataBits", c.dataBits(), "observedWeightBits", c.observedWeightBits(),
                    "guaranteedWeightBits", c.guaranteedWeightBits()));
        }
        return Trees.of("accumulatorBits", a.accumulator().bits(), "observedEqualBits", a.observedEqual(),
                "guaranteedEqualBits", a.guaranteedEqual(), "choices", choices);
    }

    private static boolean allocated(Validation.Result r) {
        return r.layers().stream().anyMatch(l -> l.allocation() != null);
    }

    private static List<String> headers(Validation.Result r) {
        List<String> h = new ArrayList<>(HEADERS);
        if (allocated(r)) {
            h.add(h.size() - 1, ALLOCATION);
        }
        return h;
    }

    private static List<List<String>> rows(Validation.Result r) {
        List<List<String>> rows = new ArrayList<>();
        boolean allocated = allocated(r);
        for (Validation.LayerCheck l : r.layers()) {
            List<String> row = new ArrayList<>(List.of(l.name(), l.weightType() + " x " + l.dataType(), l.fitsMultiplier() ? "yes" : "NO",
                    Integer.toString(r.arch().pe().accumulatorBits()), Integer.toString(l.dataTypeBits()),
                    Integer.toString(l.l1Bits()), l.a2qDataTypeBits() + " / " + l.a2qWeightBits(),
                    l.observedBits() == null ? "-" : l.observedBits().toString(), Columns.count(l.overflowEvents()),
                    Columns.count(l.cycles()), String.format(Locale.ROOT, "%.2f", l.energyPj() / 1e6),
                    l.violations().isEmpty() ? "" : String.join("; ", l.violations())));
            if (allocated) {
                BitAllocation a = l.allocation();
                row.add(row.size() - 1, a == null ? "-" : a.observedEqual() + " / " + a.guaranteedEqual());
            }
            rows.add(row);
        }
        return rows;
    }

    private static String accuracy(Double a) {
        return a == null ? "-" : String.format(Locale.ROOT, "%.2f %%", a);
    }

    private static String error(double maxAbs, Double sqnr) {
        return String.format(Locale.ROOT, "max abs error %.4g, SQNR %s", maxAbs, sqnr == null ? "exact" : String.format(Locale.ROOT,
                "%.2f dB", sqnr));
    }

    /** The headline lines: model, hardware, accuracies, verdict. */
    private static List<String> headline(Validation.Result r) {
        List<String> out = new ArrayList<>();
        out.add(r.model() + " on " + r.arch().name() + ": " + r.testImages() + " test images of " + r.dataset()
                + (r.quantizedByQasim() ? ", quantized by qasim (" + r.calibration() + " calibration on " + r.calibrationImages()
                        + " images, weights " + r.weightCalibration() + " per output channel)" : ", its own quantization"));
        boolean classifier = r.exactAccuracy() != null || r.hardwareAccuracy() != null;
        if (classifier) {
            out.add("accuracy: float model " + accuracy(r.floatAccuracy()) + ", quantized (exact arithmetic) " + accuracy(r.exactAccuracy())
                    + ", simulated hardware " + accuracy(r.hardwareAccuracy()) + String.format(Locale.ROOT, " (one image = %.3f points)",
                    r.resolutionPoints()));
            Validation.Ties t = r.accuracy().ties();
            if (t != null && (t.exactTied() > 0 || t.hardwareTied() != null && t.hardwareTied() > 0)) {
                out.add(String.format(Locale.ROOT, "tied top scores: %d samples (exact), %s (hardware); the exact model with its "
                        + "logits before their last rounding: %s", t.exactTied(), t.hardwareTied() == null ? "-" : t.hardwareTied(),
                        accuracy(t.exactUnroundedAccuracy())));
            }
            if (r.top5() != null) {
                out.add("top-5: float model " + accuracy(r.top5().floatModel()) + ", quantized (exact arithmetic) "
                        + accuracy(r.top5().exact()) + ", simulated hardware " + accuracy(r.top5().hardware()));
            }
        }
        for (Validation.OutputError e : r.outputErrors()) {
            out.add("output " + e.output() + " against the " + e.reference() + ": "
                    + (e.exactMaxAbsError() == null ? "" : "quantized (exact arithmetic) " + error(e.exactMaxAbsError(), e.exactSqnrDb()) + ", ")
                    + "simulated hardware " + (e.hardwareMaxAbsError() == null ? "-" : error(e.hardwareMaxAbsError(), e.hardwareSqnrDb())));
        }
        if (r.nearChance()) {
            out.add(String.format(Locale.ROOT, "NEAR CHANCE: top-1 %.2f %% is not above the most frequent label's %.2f %% by three standard "
                    + "errors (%.2f %%): the model and the data probably do not belong together", r.chance().accuracy(),
                    r.chance().chance(), r.chance().threshold()));
        }
        out.add(r.violation() ? "VIOLATION: a layer exceeds the hardware's limits (see the table)" : "within the hardware's limits");
        return out;
    }

    /** The console table. */
    public static String table(Validation.Result r) {
        StringBuilder out = new StringBuilder();
        headline(r).forEach(l -> out.append(l).append('\n'));
        List<List<String>> rows = rows(r);
        List<String> headers = headers(r);
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : prepend(headers, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format("%-" + width[i] + "s  ", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        r.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    private static List<List<String>> prepend(List<String> head, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        return all;
    }

    static String markdown(Validation.Result r) {
        StringBuilder md = new StringBuilder("# Validation: ").append(r.model()).append(" on ").append(r.arch().name()).append("\n\n");
        headline(r).forEach(l -> md.append(l).append("\n\n"));
        List<String> headers = headers(r);
        md.append("| ").append(String.join(" | ", headers)).append(" |\n|").append(" --- |".repeat(headers.size())).append('\n');
        for (List<String> row : rows(r)) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
        r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }

    static String html(Validation.Result r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>qasim validate: ")
                .append(esc(r.model())).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;"
                        + "padding:0 1em}table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #ddd;padding:.25em .5em}"
                        + "th{background:#f4f4f4}.bad{color:#b00}pre{background:#f7f7f7;padding:.8em}</style></head>\n<body>\n");
        h.append("<h1>").append(esc(r.model())).append(" on ").append(esc(r.arch().name())).append("</h1>\n");
        for (String l : headline(r)) {
            h.append("<p").append(l.startsWith("VIOLATION") || l.startsWith("NEAR CHANCE") ? " class=\"bad\"" : "").append(">").append(esc(l))
                    .append("</p>\n");
        }
        HtmlRenderer.table(h, headers(r), rows(r));
        h.append("<ul>");
        r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
        h.append("</ul>\n<h2>Architecture</h2>\n<pre>").append(esc(ArchLoader.toYaml(r.arch()))).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static String esc(String s) {
        return HTML.escape(s == null ? "" : s);
    }

    /** The files {@link #write} writes. */
    public static final List<String> NAMES = List.of("report.json", "report.md", "report.html");

    /** Writes report.json, report.md and report.html into {@code dir}, atomically. */
    public static List<Path> write(Validation.Result r, Provenance provenance, Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", JsonRenderer.json(tree(r, provenance)).getBytes(StandardCharsets.UTF_8));
        files.put("report.md", markdown(r).getBytes(StandardCharsets.UTF_8));
        files.put("report.html", html(r).getBytes(StandardCharsets.UTF_8));
        return ReportFiles.writeAll(dir, files);
    }
}
