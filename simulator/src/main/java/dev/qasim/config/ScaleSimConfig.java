package dev.qasim.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qasim.input.BadInputException;
import dev.qasim.input.IniFile;
import dev.qasim.input.Problems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A SCALE-Sim (v2 or v3) {@code .cfg} file read as an architecture (docs/migrating.md has the table). Every key
 * SCALE-Sim defines is accepted: mapped onto the architecture file's keys, or noted as without effect in qasim.
 * Unknown sections and keys, and values qasim cannot honour (sparsity, Ramulator traces), are refused by name, all at
 * once. The result is the tree of an architecture file, so {@code --set} overrides and the validation are the
 * architecture file's own.
 *
 * <p>What follows from SCALE-Sim's model: {@code array.overlapFolds} is false (its folds run back to back); a word is
 * one byte (SCALE-Sim's word size, fixed in its code), so {@code Bandwidth} words per cycle are as many bytes per
 * cycle; {@code InterfaceBandwidth: CALC} (SCALE-Sim works out the bandwidth a stall-free run needs) is an unlimited
 * link; the processing elements are the architecture file's defaults (8-bit multipliers, 32-bit accumulators), as
 * SCALE-Sim has no arithmetic.
 */
public final class ScaleSimConfig {
    /** What a key does. */
    private enum Effect { MAPPED, NONE }

    /**
     * One key SCALE-Sim defines.
     *
     * @param name     as SCALE-Sim's files spell it
     * @param sections where SCALE-Sim's files put it
     * @param effect   whether qasim uses it
     * @param why      for keys without effect: why, in a note
     */
    private record Key(String name, Set<String> sections, Effect effect, String why) {}

    private static final String ARCH = "architecture_presets";
    private static final String LAYOUT_WHY = "qasim does not model SRAM banks and data layouts (SCALE-Sim's bank conflicts)";
    private static final List<Key> KEYS = List.of(
            new Key("run_name", Set.of("general"), Effect.MAPPED, null),
            new Key("ArrayHeight", Set.of(ARCH), Effect.MAPPED, null),
            new Key("ArrayWidth", Set.of(ARCH), Effect.MAPPED, null),
            new Key("IfmapSramSzkB", Set.of(ARCH), Effect.MAPPED, null),
            new Key("FilterSramSzkB", Set.of(ARCH), Effect.MAPPED, null),
            new Key("OfmapSramSzkB", Set.of(ARCH), Effect.MAPPED, null),
            new Key("Dataflow", Set.of(ARCH), Effect.MAPPED, null),
            new Key("Bandwidth", Set.of(ARCH), Effect.MAPPED, null),
            new Key("IfmapOffset", Set.of(ARCH), Effect.NONE, "DRAM addresses appear only in SCALE-Sim's traces"),
            new Key("FilterOffset", Set.of(ARCH), Effect.NONE, "DRAM addresses appear only in SCALE-Sim's traces"),
            new Key("OfmapOffset", Set.of(ARCH), Effect.NONE, "DRAM addresses appear only in SCALE-Sim's traces"),
            new Key("MemoryBanks", Set.of(ARCH), Effect.NONE, "qasim has one DRAM link (memory.dramBytesPerCycle)"),
            new Key("OnChipMemoryBanks", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("OnChipMemoryBankPorts", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("ReadRequestBuffer", Set.of(ARCH), Effect.NONE, "request queues matter only to SCALE-Sim's Ramulator traces"),
            new Key("WriteRequestBuffer", Set.of(ARCH), Effect.NONE, "request queues matter only to SCALE-Sim's Ramulator traces"),
            new Key("IfmapCustomLayout", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("FilterCustomLayout", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("IfmapSRAMBankBandwidth", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("IfmapSRAMBankNum", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("IfmapSRAMBankPort", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("FilterSRAMBankBandwidth", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("FilterSRAMBankNum", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("FilterSRAMBankPort", Set.of(ARCH, "layout"), Effect.NONE, LAYOUT_WHY),
            new Key("SparsitySupport", Set.of("sparsity"), Effect.NONE, "qasim runs every layer dense"),
            new Key("SparseRep", Set.of("sparsity"), Effect.NONE, "read by SCALE-Sim only with SparsitySupport true"),
            new Key("OptimizedMapping", Set.of("sparsity"), Effect.NONE, "read by SCALE-Sim only with SparsitySupport true"),
            new Key("BlockSize", Set.of("sparsity"), Effect.NONE, "read by SCALE-Sim only with SparsitySupport true"),
            new Key("NonZeroElems", Set.of("sparsity"), Effect.NONE, "read by SCALE-Sim only with SparsitySupport true"),
            new Key("RandomNumberGeneratorSeed", Set.of("sparsity"), Effect.NONE, "read by SCALE-Sim only with SparsitySupport true"),
            new Key("InterfaceBandwidth", Set.of("run_presets"), Effect.MAPPED, null),
            new Key("UseRamulatorTrace", Set.of("run_presets"), Effect.NONE, "qasim models DRAM as one link of fixed bandwidth"),
            new Key("TopologyCsvLoc", Set.of("network_presets"), Effect.NONE, "qasim takes the topology from --workload"));
    private static final List<String> SECTIONS = List.of("general", ARCH, "layout", "sparsity", "run_presets", "network_presets");
    private static final List<String> REQUIRED = List.of("ArrayHeight", "ArrayWidth", "IfmapSramSzkB", "FilterSramSzkB",
            "OfmapSramSzkB", "Dataflow", "InterfaceBandwidth");
    /** The largest SRAM a SCALE-Sim size may give, kB: 1 TiB, far above any buffer. */
    private static final long MAX_SRAM_KB = 1L << 30;

    /**
     * The architecture tree a configuration maps to and what the user should know about it.
     *
     * @param tree  an architecture file's tree: name, array, memory
     * @param notes one line per key without effect and per choice SCALE-Sim's model implies
     */
    public record Mapped(ObjectNode tree, List<String> notes) {}

    private final IniFile ini;
    private final Problems problems = new Problems();
    private final List<String> notes = new ArrayList<>();
    /** Every key read: its canonical name to the entry. */
    private final Map<String, IniFile.Entry> found = new LinkedHashMap<>();

    private ScaleSimConfig(IniFile ini) {
        this.ini = ini;
        problems.addAll(ini.problems().list());
    }

    /** Whether an architecture file is a SCALE-Sim configuration: its name ends in {@code .cfg} (any case). */
    public static boolean isConfig(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cfg");
    }

    /**
     * Reads a SCALE-Sim configuration.
     *
     * @throws BadInputException listing every problem: file, section.Key, value and what is allowed
     */
    public static Mapped read(Path file) {
        ScaleSimConfig config = new ScaleSimConfig(IniFile.read(file));
        ObjectNode tree = config.map(file.getFileName().toString().replaceFirst("(?i)\\.cfg$", ""));
        config.problems.throwIfAny();
        return new Mapped(tree, List.copyOf(config.notes));
    }

    private ObjectNode map(String stem) {
        gather();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        IniFile.Entry runName = found.get("run_name");
        root.put("name", runName == null || runName.value().isEmpty() ? stem : runName.value());
        ObjectNode array = root.putObject("array");
        integer("ArrayHeight", 1, ArrayConfig.MAX_SIDE, v -> array.put("rows", v));
        integer("ArrayWidth", 1, ArrayConfig.MAX_SIDE, v -> array.put("cols", v));
        IniFile.Entry dataflow = found.get("Dataflow");
        if (dataflow != null) {
            if (List.of("os", "ws", "is").contains(dataflow.value())) {
                array.put("dataflow", dataflow.value());
            } else {
                problem(dataflow, "must be os, ws or is (SCALE-Sim's spelling, lower case)");
            }
        }
        array.put("overlapFolds", false);
        ObjectNode memory = root.putObject("memory");
        integer("IfmapSramSzkB", 1, MAX_SRAM_KB, v -> memory.put("ifmapSramKiB", v));
        integer("FilterSramSzkB", 1, MAX_SRAM_KB, v -> memory.put("filterSramKiB", v));
        integer("OfmapSramSzkB", 1, MAX_SRAM_KB, v -> memory.put("ofmapSramKiB", v));
        bandwidth(memory);
        checkUnmodelled();
        noteWithoutEffect();
        notes.add(ini.source() + ": read as a SCALE-Sim configuration: array.overlapFolds false (SCALE-Sim runs folds back to"
                + " back), one word is one byte, PEs with the architecture file's defaults (docs/migrating.md)");
        return root;
    }

    /**
     * Collects the file's entries into {@link #found} by key: unknown sections and keys, keys in the wrong section,
     * keys given twice and required keys missing are problems.
     */
    private void gather() {
        for (String section : ini.sections()) {
            if (!SECTIONS.contains(section)) {
                problems.add(ini.source(), "line " + ini.line(section), "[" + section + "]", "unknown section; SCALE-Sim's sections are "
                        + SECTIONS.stream().map(s -> "[" + s + "]").collect(Collectors.joining(", ")));
                continue;
            }
            for (IniFile.Entry e : ini.section(section).values()) {
                Key key = KEYS.stream().filter(k -> k.name().equalsIgnoreCase(e.key())).findFirst().orElse(null);
                if (key == null) {
                    problems.add(ini.source(), section + "." + e.key(), e.value(), "unknown key; [" + section + "] holds "
                            + KEYS.stream().filter(k -> k.sections().contains(section)).map(Key::name).collect(Collectors.joining(", ")));
                } else if (!key.sections().contains(section)) {
                    problems.add(ini.source(), section + "." + e.key(), e.value(), "belongs in "
                            + key.sections().stream().sorted().map(s -> "[" + s + "]").collect(Collectors.joining(" or ")));
                } else if (found.putIfAbsent(key.name(), e) != null) {
                    problems.add(ini.source(), section + "." + e.key(), e.value(), "already given in ["
                            + found.get(key.name()).section() + "] at line " + found.get(key.name()).line() + "; give it once");
                }
            }
        }
        for (String name : REQUIRED) {
            if (!found.containsKey(name)) {
                problems.add(ini.source(), sectionOf(name) + "." + name, null, "required (SCALE-Sim requires it too)");
            }
        }
    }

    /**
     * The keys qasim's model has no place for (offsets, banks and ports, request buffers, custom layouts) checked as
     * SCALE-Sim checks them, and the settings qasim cannot follow (sparse filters, Ramulator traces) refused.
     */
    private void checkUnmodelled() {
        for (String offset : List.of("IfmapOffset", "FilterOffset", "OfmapOffset")) {
            integer(offset, 0, Long.MAX_VALUE, v -> { });
        }
        for (String count : List.of("MemoryBanks", "OnChipMemoryBanks", "OnChipMemoryBankPorts", "ReadRequestBuffer",
                "WriteRequestBuffer", "IfmapSRAMBankBandwidth", "IfmapSRAMBankNum", "IfmapSRAMBankPort", "FilterSRAMBankBandwidth",
                "FilterSRAMBankNum", "FilterSRAMBankPort")) {
            integer(count, 1, Long.MAX_VALUE, v -> { });
        }
        for (String flag : List.of("IfmapCustomLayout", "FilterCustomLayout")) {
            IniFile.Entry e = found.get(flag);
            if (e != null && bool(e) == null) {
                problem(e, "must be true or false (also yes/no, on/off, 1/0: configparser's booleans)");
            }
        }
        IniFile.Entry sparsity = found.get("SparsitySupport");
        if (sparsity != null && "true".equalsIgnoreCase(sparsity.value())) {
            problem(sparsity, "qasim runs every layer dense and cannot follow SCALE-Sim's sparse filters; use false");
        }
        IniFile.Entry ramulator = found.get("UseRamulatorTrace");
        if (ramulator != null && "True".equals(ramulator.value())) {
            problem(ramulator, "qasim does not replay Ramulator latency traces (its DRAM is one link of memory.dramBytesPerCycle); use False");
        }
    }

    /** Bandwidth and InterfaceBandwidth: USER gives the link SCALE-Sim's first bandwidth, CALC an unlimited one. */
    private void bandwidth(ObjectNode memory) {
        IniFile.Entry mode = found.get("InterfaceBandwidth");
        IniFile.Entry bandwidth = found.get("Bandwidth");
        List<Long> values = new ArrayList<>();
        if (bandwidth != null) {
            for (String part : bandwidth.value().split(",", -1)) {
                Long v = parse(part.strip());
                if (v == null || v < 1) {
                    problem(bandwidth, "must be a whole number of words per cycle of at least 1, or several separated by commas");
                    values.clear();
                    break;
                }
                values.add(v);
            }
        }
        if (mode == null) {
            return;
        }
        if ("USER".equals(mode.value())) {
            if (bandwidth == null) {
                problems.add(ini.source(), ARCH + ".Bandwidth", null, "required with InterfaceBandwidth USER (words per cycle)");
            } else if (!values.isEmpty()) {
                memory.put("dramBytesPerCycle", values.get(0));
                if (values.size() > 1) {
                    notes.add(ini.source() + ": Bandwidth " + bandwidth.value() + ": SCALE-Sim uses the first value for every"
                            + " buffer; qasim's one link gets " + values.get(0) + " bytes per cycle");
                }
            }
        } else if ("CALC".equals(mode.value())) {
            memory.put("dramBytesPerCycle", "unlimited");
            if (bandwidth != null) {
                notes.add(ini.source() + ": Bandwidth without effect: with InterfaceBandwidth CALC SCALE-Sim works out the"
                        + " bandwidth a stall-free run needs; qasim runs with an unlimited link and reports the traffic");
            }
        } else {
            problem(mode, "must be USER (Bandwidth words per cycle) or CALC (the bandwidth a stall-free run needs)");
        }
    }

    /** One note per reason, naming the keys without effect that the file gives. */
    private void noteWithoutEffect() {
        Map<String, List<String>> byWhy = new LinkedHashMap<>();
        for (Key key : KEYS) {
            if (key.effect() == Effect.NONE && found.containsKey(key.name())) {
                byWhy.computeIfAbsent(key.why(), w -> new ArrayList<>()).add(key.name());
            }
        }
        byWhy.forEach((why, keys) -> notes.add(ini.source() + ": " + String.join(", ", keys) + " without effect: " + why));
    }

    private interface LongSink {
        void accept(long value);
    }

    /** An integer key in [min, max], passed on when valid. */
    private void integer(String name, long min, long max, LongSink sink) {
        IniFile.Entry e = found.get(name);
        if (e == null) {
            return;
        }
        Long v = parse(e.value());
        if (v == null || v < min || v > max) {
            problem(e, "must be a whole number " + (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max));
        } else {
            sink.accept(v);
        }
    }

    /** A whole number as Python's int() reads it (an optional sign, digits, '_' between digits), or null. */
    private static Long parse(String text) {
        if (!text.matches("[+-]?\\d+(_\\d+)*")) {
            return null;
        }
        try {
            return Long.parseLong(text.replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            return null; // beyond a long: far beyond every bound
        }
    }

    /** A boolean as configparser's getboolean reads it, or null. */
    private static Boolean bool(IniFile.Entry e) {
        return switch (e.value().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            case "0", "no", "false", "off" -> false;
            default -> null;
        };
    }

    private void problem(IniFile.Entry e, String rule) {
        problems.add(ini.source(), e.section() + "." + e.key(), e.value(), rule);
    }

    private static String sectionOf(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow().sections().iterator().next();
    }

    /** The keys SCALE-Sim defines, for documentation and tests: name to whether qasim uses it. */
    public static Map<String, Boolean> keys() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        KEYS.forEach(k -> out.put(k.name(), k.effect() == Effect.MAPPED));
        return out;
    }
}
