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
            return build(YamlFiles.read(file, List.of()), file.toString());
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

    /** Validates a table document. */
    static EnergyTable build(YamlDocument doc, String defaultName) {
        Section root = doc.root();
        Map<String, String> provenance = new LinkedHashMap<>();
        String name = root.string("name", defaultName);
        String source = root.requiredString("source");
        String node = root.requiredString("node");
        double voltage = root.requiredNumber("voltageV", 0.01, 100);
        String scope = root.string("scope", "");
        Section adderSection = root.section("adder");
        double[][] adder = points(adderSection, "bits", 1, 128, List.of("energyPj", "areaUm2"), provenance);
        adderSection.finish();
        Section mulSection = root.section("multiplier");
        double[][] mul = points(mulSection, "bits", 1, 64, List.of("energyPj", "areaUm2"), provenance);
        mulSection.finish();
        Section sram = root.section("sram");
        double[][] sramPoints = points(sram, "kib", 1.0 / 1024, 1L << 30, List.of("readPj64"), provenance);
        double writeFactor = entry(sram, "writeFactor", false, provenance);
        double sramArea = entry(sram, "areaUm2PerBit", false, provenance);
        sram.finish();
        Section dram = root.section("dram");
        double dramPj = entry(dram, "pjPerBit", false, provenance);
        dram.finish();
        Section reg = root.section("register");
        double regPj = entry(reg, "pjPerBit", true, provenance);
        double regArea = entry(reg, "areaUm2PerBit", true, provenance);
        reg.finish();
        root.finish();
        doc.problems().throwIfAny();
        double[] mulX = new double[mul[0].length];
        for (int i = 0; i < mulX.length; i++) {
            mulX[i] = mul[0][i] * mul[0][i];
        }
        double[] sramX = new double[sramPoints[0].length];
        for (int i = 0; i < sramX.length; i++) {
            sramX[i] = EnergyTable.log2(sramPoints[0][i]);
        }
        return new EnergyTable(name, source, node, voltage, scope, new Curve(adder[0], adder[1], false),
                new Curve(adder[0], adder[2], false), new Curve(mulX, mul[1], false), new Curve(mulX, mul[2], false),
                new Curve(sramX, sramPoints[1], true), writeFactor, sramArea, dramPj, Double.isNaN(regPj) ? null : regPj,
                Double.isNaN(regArea) ? null : regArea, provenance);
    }

    /**
     * A curve section: {@code rule} and at least one point of {@code x} and the given values, each with
     * {@code from}. Returns {x[], value1[], value2[], ...}. The caller finishes the section.
     */
    private static double[][] points(Section curve, String xKey, double xMin, double xMax, List<String> values,
                                     Map<String, String> provenance) {
        String rule = curve.requiredString("rule");
        provenance.put(curve.path(), rule);
        List<Section> points = curve.sections("points");
        double[][] out = new double[values.size() + 1][points.size()];
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
