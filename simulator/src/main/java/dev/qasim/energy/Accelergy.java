package dev.qasim.energy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accelergy's energy and area reference tables (ERT and ART, the files Accelergy writes: {@code ERT: {version,
 * tables: [{name, actions: [{name, arguments, energy}]}]}} in pJ per action and {@code ART: {version, tables: [{name,
 * area}]}} in um^2) read as a qasim table, and qasim's table written in that form (docs/energy.md, "Accelergy").
 *
 * <p>A table file names its ERT and ART under {@code accelergy:} and maps their components to qasim's entries
 * ({@code components}: name, {@code as} adder, multiplier, sram, dram or register, with the widths and sizes an ERT
 * does not carry). Without {@code components}, qasim's own names are read: {@code system.qasim.adder_8b},
 * {@code system.qasim.multiplier_8b} (8 x 8), {@code system.qasim.sram_64KiB} (64-bit accesses),
 * {@code system.qasim.dram} (64-bit accesses), {@code system.qasim.register_1b}; these are the names
 * {@link #write} gives.
 */
public final class Accelergy {
    /** The prefix of qasim's own component names. */
    static final String PREFIX = "system.qasim.";
    /** The access width of the SRAM and DRAM components qasim writes, bits. */
    static final int ACCESS_BITS = 64;
    private static final Pattern OWN = Pattern.compile("(?:.*\\.)?qasim\\.(adder|multiplier|register)_(\\d+)b|(?:.*\\.)?qasim\\.sram_([0-9.]+)KiB|(?:.*\\.)?qasim\\.(dram)");

    private Accelergy() {}

    /** The roles a component can play, and their default action names. */
    private enum Role {
        ADDER("add"), MULTIPLIER("multiply"), SRAM("read"), DRAM("read"), REGISTER("write");

        final String action;

        Role(String action) {
            this.action = action;
        }
    }

    /** One mapped component: its ERT/ART name, role, width or size, access width and action names. */
    private record Component(String name, Role role, double size, int accessBits, String action, String writeAction, String path) {}

    /**
     * Reads the {@code accelergy} section of a table file: the ERT and ART it names (relative to {@code base}) and
     * its mapping, into the table's figures. Problems go to the table's document.
     */
    static EnergyTables.Parts read(Section acc, Path base, Map<String, String> provenance) {
        String ertName = acc.requiredString("ert");
        String artName = acc.requiredString("art");
        List<Component> mapping = acc.has("components") ? mapping(acc) : null;
        acc.finish();
        acc.document().problems().throwIfAny();
        Path ertFile = base == null ? Path.of(ertName) : base.resolve(ertName);
        Path artFile = base == null ? Path.of(artName) : base.resolve(artName);
        Map<String, Map<String, Double>> ert = ert(ertFile);
        Map<String, Double> art = art(artFile);
        if (mapping == null) {
            mapping = ownNames(ert.keySet());
        }
        Figures figures = new Figures(acc.document().source(), ertFile, ert, artFile, art, provenance);
        mapping.forEach(figures::add);
        return figures.parts();
    }

    /** The table's figures as the mapped components give them, with every problem of the mapping. */
    private static final class Figures {
        final Problems problems = new Problems();
        final String where;
        final Path ertFile;
        final Map<String, Map<String, Double>> ert;
        final Path artFile;
        final Map<String, Double> art;
        final Map<String, String> provenance;
        // by width or size: {energy, area}, the SRAM's {read per 64 bits, write per 64 bits, area}
        final TreeMap<Double, double[]> adders = new TreeMap<>();
        final TreeMap<Double, double[]> muls = new TreeMap<>();
        final TreeMap<Double, double[]> srams = new TreeMap<>();
        double dram = Double.NaN;
        double regPj = Double.NaN;
        double regArea = Double.NaN;

        Figures(String where, Path ertFile, Map<String, Map<String, Double>> ert, Path artFile, Map<String, Double> art,
                Map<String, String> provenance) {
            this.where = where;
            this.ertFile = ertFile;
            this.ert = ert;
            this.artFile = artFile;
            this.art = art;
            this.provenance = provenance;
        }

        /** One component's figures, in its role. */
        void add(Component c) {
            Map<String, Double> actions = ert.get(c.name());
            if (actions == null) {
                problems.add(where, c.path(), c.name(), "no table of that name in " + ertFile);
                return;
            }
            double energy = action(problems, where, c, actions, c.action(), ertFile);
            String from = "Accelergy ERT: " + c.name() + " " + c.action();
            double area = c.role() == Role.DRAM ? 0 : area(problems, where, c, art, artFile);
            switch (c.role()) {
                case ADDER -> put(problems, where, c, adders, new double[] {energy, area}, provenance, "adder", from);
                case MULTIPLIER -> put(problems, where, c, muls, new double[] {energy, area}, provenance, "multiplier", from);
                case SRAM -> {
                    double write = action(problems, where, c, actions, c.writeAction(), ertFile);
                    double per64 = (double) ACCESS_BITS / c.accessBits();
                    put(problems, where, c, srams, new double[] {energy * per64, write * per64, area}, provenance, "sram",
                            from + ", " + c.writeAction());
                }
                case DRAM -> {
                    dram = energy / c.accessBits();
                    provenance.put("dram.pjPerBit", from + " / " + c.accessBits() + " bits");
                }
                case REGISTER -> {
                    regPj = energy / c.size();
                    regArea = area / c.size();
                    provenance.put("register.pjPerBit", from + " / " + (int) c.size() + " bits");
                    provenance.put("register.areaUm2PerBit", "Accelergy ART: " + c.name() + " / " + (int) c.size() + " bits");
                }
            }
        }

        /**
         * The figures as a table's parts.
         *
         * @throws dev.qasim.input.BadInputException with every problem, among them each of adder, multiplier, SRAM and
         *                                           DRAM that no component maps to
         */
        EnergyTables.Parts parts() {
            for (Object[] need : new Object[][] {{adders, "adder"}, {muls, "multiplier"}, {srams, "sram"}}) {
                if (((TreeMap<?, ?>) need[0]).isEmpty()) {
                    problems.add(where, "accelergy.components", null, "no component maps to a " + need[1] + " (as: " + need[1] + ")");
                }
            }
            if (Double.isNaN(dram)) {
                problems.add(where, "accelergy.components", null, "no component maps to the DRAM (as: dram)");
            }
            problems.throwIfAny();
            List<Double> kib = new ArrayList<>(srams.keySet());
            double[] x = new double[kib.size()];
            double[][] sram = columns(srams);
            for (int i = 0; i < x.length; i++) {
                x[i] = EnergyTable.log2(kib.get(i));
            }
            EnergyTable.Sram s = new EnergyTable.Sram(new Curve(x, sram[1], true), new Curve(x, sram[2], true),
                    new Curve(sram[0], sram[3], false), Double.NaN, kib);
            return new EnergyTables.Parts(columns(adders), columns(muls), s, new EnergyTable.Dram(dram, false),
                    new EnergyTable.Registers(EnergyTables.orNull(regPj), EnergyTables.orNull(regArea)));
        }
    }

    /** A point per width or size; two components at the same one are a problem. */
    private static void put(Problems problems, String where, Component c, TreeMap<Double, double[]> points, double[] values,
                            Map<String, String> provenance, String entry, String from) {
        if (points.put(c.size(), values) != null) {
            problems.add(where, c.path(), c.name(), "a second " + entry + " of " + plain(c.size()) + ": every point needs its own size");
        }
        provenance.put(entry + "[" + plain(c.size()) + "]", from);
    }

    /** {x[], value1[], ...} of a map of points. */
    private static double[][] columns(TreeMap<Double, double[]> points) {
        int width = points.isEmpty() ? 0 : points.firstEntry().getValue().length;
        double[][] out = new double[width + 1][points.size()];
        int i = 0;
        for (Map.Entry<Double, double[]> e : points.entrySet()) {
            out[0][i] = e.getKey();
            for (int v = 0; v < width; v++) {
                out[v + 1][i] = e.getValue()[v];
            }
            i++;
        }
        return out;
    }

    private static double action(Problems problems, String where, Component c, Map<String, Double> actions, String action,
                                 Path ertFile) {
        Double e = actions.get(action);
        if (e == null) {
            problems.add(where, c.path(), c.name(), "no action " + action + " in its ERT table (" + ertFile + " has "
                    + String.join(", ", actions.keySet()) + "); name the action with action: or writeAction:");
            return 0;
        }
        return e;
    }

    private static double area(Problems problems, String where, Component c, Map<String, Double> art, Path artFile) {
        Double a = art.get(c.name());
        if (a == null) {
            problems.add(where, c.path(), c.name(), "no table of that name in " + artFile);
            return 0;
        }
        return a;
    }

    /** The explicit mapping: {@code components: [{name, as, bits | kib, accessBits, action, writeAction}]}. */
    private static List<Component> mapping(Section acc) {
        List<Component> out = new ArrayList<>();
        for (Section c : acc.sections("components")) {
            String name = c.requiredString("name");
            String as = c.requiredString("as");
            Role role;
            try {
                role = Role.valueOf(as.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                c.problem("as", c.raw("as"), "must be adder, multiplier, sram, dram or register");
                c.finish();
                continue;
            }
            double size = switch (role) {
                case ADDER -> c.requiredInteger("bits", 1, 128);
                case MULTIPLIER -> c.requiredInteger("bits", 1, 64);
                case REGISTER -> c.requiredInteger("bits", 1, 1 << 20);
                case SRAM -> c.requiredNumber("kib", 1.0 / 1024, 1L << 30);
                case DRAM -> 0;
            };
            int access = role == Role.SRAM || role == Role.DRAM ? c.integer("accessBits", ACCESS_BITS, 1, 1 << 16) : ACCESS_BITS;
            String action = c.string("action", role.action);
            String write = role == Role.SRAM ? c.string("writeAction", "write") : null;
            c.finish();
            out.add(new Component(name, role, size, access, action, write, c.path()));
        }
        return out;
    }

    /** qasim's own names found in an ERT ({@link #write} gives them). */
    private static List<Component> ownNames(Iterable<String> names) {
        List<Component> out = new ArrayList<>();
        for (String name : names) {
            Matcher m = OWN.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String path = "accelergy (qasim's own name " + name + ")";
            if (m.group(1) != null) {
                Role role = Role.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                out.add(new Component(name, role, Integer.parseInt(m.group(2)), ACCESS_BITS, role.action, null, path));
            } else if (m.group(3) != null) {
                out.add(new Component(name, Role.SRAM, Double.parseDouble(m.group(3)), ACCESS_BITS, "read", "write", path));
            } else {
                out.add(new Component(name, Role.DRAM, 0, ACCESS_BITS, "read", null, path));
            }
        }
        return out;
    }

    /**
     * An ERT: table name to action name to pJ. An action given with arguments is taken only when the same name
     * has no argument-free entry (Accelergy lists an action once per argument set; the first is kept). Keys
     * Accelergy adds besides name, actions, arguments and energy (estimators, versions) are ignored.
     */
    static Map<String, Map<String, Double>> ert(Path file) {
        YamlDocument doc = YamlDocument.of(file.toString(), YamlFiles.readMapping(file, file.toString()));
        Section root = doc.root();
        Section top = root.section("ERT");
        root.finish();
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Section t : top.sections("tables")) {
            String name = t.requiredString("name");
            Map<String, Double> actions = new LinkedHashMap<>();
            Map<String, Double> withArguments = new LinkedHashMap<>();
            for (Section a : t.sections("actions")) {
                String action = a.requiredString("name");
                double energy = a.requiredNumber("energy", 0, 1e15);
                JsonNode args = a.raw("arguments");
                (args == null || args.isNull() || args.isEmpty() ? actions : withArguments).putIfAbsent(action, energy);
            }
            withArguments.forEach(actions::putIfAbsent);
            out.put(name, actions);
        }
        doc.problems().throwIfAny();
        return out;
    }

    /** An ART: table name to um^2. */
    static Map<String, Double> art(Path file) {
        YamlDocument doc = YamlDocument.of(file.toString(), YamlFiles.readMapping(file, file.toString()));
        Section root = doc.root();
        Section top = root.section("ART");
        root.finish();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Section t : top.sections("tables")) {
            out.put(t.requiredString("name"), t.requiredNumber("area", 0, 1e15));
        }
        doc.problems().throwIfAny();
        return out;
    }

    /**
     * A table in Accelergy's form at a node and voltage: the ERT and ART (YAML text, version 0.3) of its points,
     * each energy and area times the model's factors, under qasim's own names. Static power has no place in them.
     */
    public static Map<String, String> write(EnergyTable t, EnergyModel.Technology tech) {
        double k = tech.energyFactor();
        double ka = tech.areaFactor();
        List<Object> ert = new ArrayList<>();
        List<Object> art = new ArrayList<>();
        double[] adderBits = t.arithmetic().adderEnergy().xs();
        for (double bits : adderBits) {
            String name = PREFIX + "adder_" + (int) bits + "b";
            ert.add(table(name, action("add", t.adderPj((int) bits) * k)));
            art.add(area(name, t.adderAreaUm2((int) bits) * ka));
        }
        for (double product : t.arithmetic().multiplierEnergy().xs()) {
            int bits = (int) Math.round(Math.sqrt(product));
            String name = PREFIX + "multiplier_" + bits + "b";
            ert.add(table(name, action("multiply", t.multiplierPj(bits, bits) * k)));
            art.add(area(name, t.multiplierAreaUm2(bits, bits) * ka));
        }
        for (double kib : t.sram().pointsKiB()) {
            String name = PREFIX + "sram_" + plain(kib) + "KiB";
            ert.add(table(name, action("read", t.sramReadPjPerBit(kib) * ACCESS_BITS * k),
                    action("write", t.sramWritePjPerBit(kib) * ACCESS_BITS * k)));
            art.add(area(name, t.sramAreaUm2(kib) * ka));
        }
        ert.add(table(PREFIX + "dram", action("read", t.dram().pjPerBit() * ACCESS_BITS * tech.dramFactor()),
                action("write", t.dram().pjPerBit() * ACCESS_BITS * tech.dramFactor())));
        art.add(area(PREFIX + "dram", 0));
        if (t.registers().pjPerBit() != null && t.registers().areaUm2PerBit() != null) {
            ert.add(table(PREFIX + "register_1b", action("write", t.registers().pjPerBit() * k)));
            art.add(area(PREFIX + "register_1b", t.registers().areaUm2PerBit() * ka));
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("ERT.yaml", YamlFiles.toYaml(Map.of("ERT", ordered("version", 0.3, "tables", ert))));
        files.put("ART.yaml", YamlFiles.toYaml(Map.of("ART", ordered("version", 0.3, "tables", art))));
        return files;
    }

    private static Map<String, Object> table(String name, Object... actions) {
        return ordered("name", name, "actions", List.of(actions));
    }

    private static Map<String, Object> action(String name, double energy) {
        return ordered("name", name, "arguments", null, "energy", energy);
    }

    private static Map<String, Object> area(String name, double area) {
        return ordered("name", name, "area", area);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
