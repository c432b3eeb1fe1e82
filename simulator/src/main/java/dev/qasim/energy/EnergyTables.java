package dev.qasim.energy;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads energy tables: a shipped one by name (arch-configs/energy/NAME.yaml, packaged with the simulator), or
 * a user's file by path, validated like every input file: every problem at once, naming the entry; a missing
 * or negative entry is an error; unknown keys are errors.
 */
public final class EnergyTables {
    /** The tables shipped with qasim. */
    public static final List<String> SHIPPED = List.of("horowitz-45nm");

    private EnergyTables() {}

    /**
     * Resolves {@code energy.table}: a shipped name, or a path (relative to {@code base}, the architecture
     * file's folder) when it contains a slash or ends in .yaml.
     *
     * @throws BadInputException when the table cannot be found or is invalid
     */
    public static EnergyTable load(String table, Path base) {
        return load(table, base, null);
    }

    /**
     * The table an architecture file names in {@code energy.table}: a problem with the name is reported at that
     * key of that file.
     */
    public static EnergyTable forArch(String table, Path archFile) {
        return load(table, archFile.toAbsolutePath().getParent(), archFile.toString());
    }

    private static EnergyTable load(String table, Path base, String archFile) {
        boolean path = table.contains("/") || table.contains("\\") || table.endsWith(".yaml") || table.endsWith(".yml");
        if (path) {
            Path file = base == null ? Path.of(table) : base.resolve(table);
            return build(YamlFiles.read(file, List.of()), file.toString(), file.toAbsolutePath().getParent());
        }
        if (!SHIPPED.contains(table)) {
            throw BadInputException.of(archFile != null ? archFile : "energy.table", archFile != null ? "energy.table" : "", table,
                    "not a shipped table (" + String.join(", ", SHIPPED)
                    + "); give a path to a table file instead");
        }
        String resource = "/dev/qasim/energy/" + table + ".yaml";
        try (InputStream in = EnergyTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the shipped table " + resource + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return build(YamlDocument.of(table, YamlFiles.parseMapping(text, table)), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates a table document whose files (an Accelergy ERT and ART) are relative to the working folder. */
    static EnergyTable build(YamlDocument doc, String defaultName) {
        return build(doc, defaultName, null);
    }

    /**
     * The figures a table gives for its components, whether its own sections or an Accelergy ERT and ART.
     *
     * @param adder {bits[], energyPj[], areaUm2[]}
     * @param mul   {bits[], energyPj[], areaUm2[]}
     */
    record Parts(double[][] adder, double[][] mul, EnergyTable.Sram sram, EnergyTable.Dram dram, EnergyTable.Registers registers) {}

    /**
     * Validates a table document.
     *
     * @param base the folder the table's own file references (an Accelergy ERT and ART) are relative to; null: the
     *             working folder
     */
    static EnergyTable build(YamlDocument doc, String defaultName, Path base) {
        Section root = doc.root();
        Map<String, String> provenance = new LinkedHashMap<>();
        String name = root.string("name", defaultName);
        String source = root.requiredString("source");
        String node = root.requiredString("node");
        double voltage = root.requiredNumber("voltageV", 0.01, 100);
        String scope = root.string("scope", "");
        Parts parts;
        if (root.has("accelergy")) {
            for (String own : List.of("adder", "multiplier", "sram", "dram", "register")) {
                if (root.has(own)) {
                    root.problem(own, root.raw(own), "not with accelergy: the ERT and ART give it (docs/energy.md, \"Accelergy\")");
                }
            }
            parts = Accelergy.read(root.section("accelergy"), base, provenance);
        } else {
            parts = ownParts(root, provenance);
        }
        Double shifter = null;
        if (root.has("shifter")) {
            Section sh = root.section("shifter");
            provenance.put(sh.path(), sh.requiredString("rule"));
            shifter = entry(sh, "stageFactor", false, provenance);
            sh.finish();
        }
        EnergyTable.Leakage leakage = leakage(root, provenance);
        root.finish();
        doc.problems().throwIfAny();
        double[][] adder = parts.adder();
        double[][] mul = parts.mul();
        double[] mulX = new double[mul[0].length];
        for (int i = 0; i < mulX.length; i++) {
            mulX[i] = mul[0][i] * mul[0][i];
        }
        EnergyTable.Arithmetic arithmetic = new EnergyTable.Arithmetic(new Curve(adder[0], adder[1], false),
                new Curve(adder[0], adder[2], false), new Curve(mulX, mul[1], false), new Curve(mulX, mul[2], false), shifter);
        return new EnergyTable(name, source, scope, new EnergyTable.Corner(node, nodeNm(node), voltage), arithmetic, parts.sram(),
                parts.dram(), parts.registers(), leakage, provenance);
    }

    /** The table's own sections: adder, multiplier, sram, dram and register. */
    private static Parts ownParts(Section root, Map<String, String> provenance) {
        Section adderSection = root.section("adder");
        double[][] adder = points(adderSection, "bits", 1, 128, List.of("energyPj", "areaUm2"), List.of(), provenance);
        adderSection.finish();
        Section mulSection = root.section("multiplier");
        double[][] mul = points(mulSection, "bits", 1, 64, List.of("energyPj", "areaUm2"), List.of(), provenance);
        mulSection.finish();
        EnergyTable.Sram sram = sram(root.section("sram"), provenance);
        Section dram = root.section("dram");
        double dramPj = entry(dram, "pjPerBit", false, provenance);
        boolean dramScales = dram.bool("scalesWithNode", false);
        dram.finish();
        Section reg = root.section("register");
        double regPj = entry(reg, "pjPerBit", true, provenance);
        double regArea = entry(reg, "areaUm2PerBit", true, provenance);
        reg.finish();
        return new Parts(adder, mul, sram, new EnergyTable.Dram(dramPj, dramScales),
                new EnergyTable.Registers(orNull(regPj), orNull(regArea)));
    }

    /** The leakage section, or no static figures without one. */
    private static EnergyTable.Leakage leakage(Section root, Map<String, String> provenance) {
        if (!root.has("leakage")) {
            return EnergyTable.Leakage.NONE;
        }
        Section lk = root.section("leakage");
        provenance.put(lk.path(), lk.requiredString("rule"));
        EnergyTable.Leakage leakage = new EnergyTable.Leakage(orNull(entry(lk, "logicNwPerUm2", true, provenance)),
                orNull(entry(lk, "registerNwPerBit", true, provenance)), orNull(entry(lk, "sramNwPerKiB", true, provenance)));
        lk.finish();
        return leakage;
    }

    /** The node of a table, nm, from its {@code node} text ("45 nm", "45nm" or "45"); NaN when it is not one. */
    static double nodeNm(String node) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:nm)?\\s*").matcher(node);
        return m.matches() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * The SRAM section: points of capacity with a 64-bit read's energy and, optionally, a 64-bit write's and the
     * area; {@code writeFactor} is needed unless every point gives its write, {@code areaUm2PerBit} unless every
     * point gives its area.
     */
    private static EnergyTable.Sram sram(Section sram, Map<String, String> provenance) {
        double[][] p = points(sram, "kib", 1.0 / 1024, 1L << 30, List.of("readPj64"), List.of("writePj64", "areaUm2"), provenance);
        int n = p[0].length;
        boolean writes = n > 0 && allGiven(p[2]);
        boolean areas = n > 0 && allGiven(p[3]);
        checkAllOrNone(sram, p[2], "writePj64");
        checkAllOrNone(sram, p[3], "areaUm2");
        double writeFactor = writes && !sram.has("writeFactor") ? Double.NaN : entry(sram, "writeFactor", false, provenance);
        double areaPerBit = areas && !sram.has("areaUm2PerBit") ? Double.NaN : entry(sram, "areaUm2PerBit", false, provenance);
        sram.finish();
        double[] x = new double[n];
        double[] write = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = EnergyTable.log2(p[0][i]);
            write[i] = writes ? p[2][i] : p[1][i] * writeFactor;
        }
        if (n == 0) {
            return null;
        }
        return new EnergyTable.Sram(new Curve(x, p[1], true), new Curve(x, write, true),
                areas ? new Curve(p[0], p[3], false) : null, areaPerBit, java.util.Arrays.stream(p[0]).sorted().boxed().toList());
    }

    private static boolean allGiven(double[] values) {
        return java.util.Arrays.stream(values).noneMatch(Double::isNaN);
    }

    /** An optional per-point value is given at every point or at none (a curve needs every point). */
    private static void checkAllOrNone(Section s, double[] values, String key) {
        long given = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        if (given > 0 && given < values.length) {
            s.problem("points", null, key + " is given at " + given + " of " + values.length
                    + " points: give it at every point or at none");
        }
    }

    static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * A curve section: {@code rule} and at least one point of {@code x} and the given values (and the optional
     * ones, NaN where absent), each with {@code from}. Returns {x[], value1[], ..., optional1[], ...}. The caller
     * finishes the section.
     */
    private static double[][] points(Section curve, String xKey, double xMin, double xMax, List<String> values,
                                     List<String> optional, Map<String, String> provenance) {
        String rule = curve.requiredString("rule");
        provenance.put(curve.path(), rule);
        List<Section> points = curve.sections("points");
        double[][] out = new double[values.size() + optional.size() + 1][points.size()];
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Section p = points.get(i);
            out[0][i] = p.requiredNumber(xKey, xMin, xMax);
            if (seen.contains(out[0][i])) {
                p.problem(xKey, p.raw(xKey), "duplicate: every point needs its own " + xKey);
            }
            seen.add(out[0][i]);
            for (int v = 0; v < values.size(); v++) {
                out[v + 1][i] = p.requiredNumber(values.get(v), 0, 1e12);
            }
            for (int v = 0; v < optional.size(); v++) {
                out[values.size() + v + 1][i] = p.has(optional.get(v)) ? p.requiredNumber(optional.get(v), 0, 1e12) : Double.NaN;
            }
            provenance.put(p.path(), p.requiredString("from"));
            p.finish();
        }
        return out;
    }

    /** A single entry {@code {value, from}}; NaN when {@code nullable} and the value is null. */
    private static double entry(Section parent, String key, boolean nullable, Map<String, String> provenance) {
        Section e = parent.section(key);
        if (!parent.has(key)) {
            parent.problem(key, null, "required: {value: a number >= 0" + (nullable ? " or null" : "") + ", from: its source or rule}");
            return 0;
        }
        Double v = nullable ? e.requiredNumberOrNull("value", 0, 1e12) : (Double) e.requiredNumber("value", 0, 1e12);
        provenance.put(e.path(), e.requiredString("from"));
        e.finish();
        return v == null ? Double.NaN : v;
    }
}
