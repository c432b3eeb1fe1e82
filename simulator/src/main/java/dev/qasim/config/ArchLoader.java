package dev.qasim.config;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.MultiplierSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import dev.qasim.terms.Encoding;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an architecture file: YAML, then {@code --set} overrides, then validation of every key (all problems at
 * once, unknown keys included), then the records. Defaults for absent keys are the ones documented in
 * docs/architecture-file.md; derived values are computed from the merged result, so they follow overrides.
 */
public final class ArchLoader {
    /** Default clock when {@code clockMHz} is absent. */
    public static final double DEFAULT_CLOCK_MHZ = 1000;
    /** Default SRAM size per buffer when absent, KiB. */
    public static final double DEFAULT_SRAM_KIB = 64;
    private static final double MAX_CLOCK_MHZ = 100_000;

    private ArchLoader() {}

    /**
     * Loads and validates an architecture file with overrides applied.
     *
     * @throws BadInputException listing every problem in the file and the overrides
     */
    public static ArchConfig load(Path file, List<String> overrides) {
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").replaceFirst("(?i)\\.cfg$", "");
        return build(document(file, overrides), stem);
    }

    /**
     * An architecture file read into a document with the overrides applied, not yet validated: a YAML file, or a
     * SCALE-Sim configuration ({@code .cfg}, {@link ScaleSimConfig}) mapped onto the YAML file's keys.
     *
     * @throws BadInputException listing every problem of a SCALE-Sim configuration, or a YAML file that cannot be read
     */
    public static YamlDocument document(Path file, List<String> overrides) {
        if (ScaleSimConfig.isConfig(file)) {
            return YamlFiles.fromTree(file.toString(), ScaleSimConfig.read(file).tree(), overrides);
        }
        return YamlFiles.read(file, overrides);
    }

    /** What a user should know about how an architecture file was read: a SCALE-Sim configuration's notes; else none. */
    public static List<String> notes(Path file) {
        return ScaleSimConfig.isConfig(file) ? ScaleSimConfig.read(file).notes() : List.of();
    }

    /** Validates a document already in memory (an override-merged tree, a sweep point). */
    public static ArchConfig build(YamlDocument doc, String defaultName) {
        Section root = doc.root();
        String name = root.string("name", defaultName);
        double clock = root.number("clockMHz", DEFAULT_CLOCK_MHZ, 0, MAX_CLOCK_MHZ);

        Section a = root.section("array");
        int rows = a.requiredInteger("rows", 1, ArrayConfig.MAX_SIDE);
        int cols = a.requiredInteger("cols", 1, ArrayConfig.MAX_SIDE);
        Dataflow dataflow = a.choice("dataflow", Dataflow.class, Dataflow.WS);
        boolean overlap = a.bool("overlapFolds", true);
        a.finish();

        Section p = root.section("pe");
        PeKind kind = p.choice("kind", PeKind.class, PeKind.MAC);
        int mulBits = p.integer("multiplierBits", 8, 1, MultiplierSpec.MAX_BITS);
        int accBits = p.integer("accumulatorBits", 32, AccumulatorSpec.MIN_BITS, AccumulatorSpec.MAX_BITS);
        int dpBits = p.integer("datapathBits", accBits, 2, PeConfig.MAX_DATAPATH_BITS);
        OverflowPolicy overflow = p.choice("overflow", OverflowPolicy.class, OverflowPolicy.WRAP);
        p.finish();

        Section t = root.section("terms");
        Encoding encoding = t.choice("encoding", Encoding.class, Encoding.HESE);
        Encoding dataEncoding = t.choice("dataEncoding", Encoding.class, encoding);
        int groupSize = t.integer("groupSize", 8, 1, TermsConfig.MAX_GROUP);
        Integer budget = t.optionalInteger("groupBudget", 0, TermsConfig.MAX_BUDGET);
        Integer dataTerms = t.optionalInteger("dataTerms", 1, TermsConfig.MAX_DATA_TERMS);
        int tpc = t.integer("termPairsPerCycle", 1, 1, 64);
        if (kind == PeKind.TERM_SERIAL_ZERO_SKIP) { // conventional values: nothing revealed or truncated
            for (String key : List.of("groupBudget", "dataTerms")) {
                if (t.has(key)) {
                    t.problem(key, t.raw(key), "not with pe.kind term-serial-zero-skip, which keeps every term"
                            + " (term revealing and truncation are pe.kind term-serial)");
                }
            }
        }
        t.finish();

        Section m = root.section("memory");
        double ifmap = m.numberOrUnlimited("ifmapSramKiB", DEFAULT_SRAM_KIB);
        double filter = m.numberOrUnlimited("filterSramKiB", DEFAULT_SRAM_KIB);
        double ofmap = m.numberOrUnlimited("ofmapSramKiB", DEFAULT_SRAM_KIB);
        double dram = m.numberOrUnlimited("dramBytesPerCycle", Double.POSITIVE_INFINITY, MemoryConfig.MIN_DRAM_BYTES_PER_CYCLE);
        m.finish();

        Section e = root.section("energy");
        String table = e.string("table", EnergyConfig.DEFAULT_TABLE);
        // the node's range here; which nodes have published factors is the energy model's to say
        Double technologyNm = e.has("technologyNm") ? e.requiredNumber("technologyNm", 1, 1000) : null;
        Double supplyV = e.has("supplyV") ? e.requiredNumber("supplyV", EnergyConfig.MIN_SUPPLY_V, EnergyConfig.MAX_SUPPLY_V) : null;
        boolean extrapolate = e.bool("extrapolate", false);
        e.finish();

        root.finish();
        doc.problems().throwIfAny();
        return new ArchConfig(name, clock, new ArrayConfig(rows, cols, dataflow, overlap),
                new PeConfig(kind, mulBits, accBits, dpBits, overflow),
                new TermsConfig(encoding, dataEncoding, groupSize, budget, dataTerms, tpc),
                new MemoryConfig(ifmap, filter, ofmap, dram), new EnergyConfig(table, technologyNm, supplyV, extrapolate));
    }

    /** The resolved configuration as YAML, derived values included. */
    public static String toYaml(ArchConfig config) {
        return YamlFiles.toYaml(config.toTree());
    }
}
