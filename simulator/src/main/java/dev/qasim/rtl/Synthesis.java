package dev.qasim.rtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.engine.DataflowSchedule;
import dev.qasim.engine.Operation;
import dev.qasim.engine.ProcessingElement;
import dev.qasim.energy.EnergyModel;
import dev.qasim.energy.EnergyTable;
import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Synthesizes one PE of an architecture, one of its MAC lanes (a term-serial PE's term MAC) and the area model's
 * units of a lane (of a term-serial PE) alone with Yosys to Yosys's generic gate library, and sets the cells
 * beside the energy model's area (docs/energy.md, docs/rtl.md).
 */
public final class Synthesis {
    /** The model's units of a MAC lane alone, for the like-with-like row. */
    private static final String UNITS = "qasim_area_units";
    /** The model's units of a term-serial PE alone: exponent adder, shifter, accumulator adder. */
    private static final String TERM_UNITS = "qasim_area_term_units";

    private Synthesis() {}

    /**
     * One PE of an architecture against the area model.
     *
     * @param units           the area model's units of one lane alone (a pe.multiplierBits square multiplier and a
     *                        pe.accumulatorBits adder), in Yosys's gates: the table's figures against the same
     *                        units synthesized
     * @param lane            one MAC lane: multiplier, adder, overflow check and policy (combinational); of a
     *                        term-serial PE its term MAC: exponent adder, shifter, adder, overflow check and policy
     * @param pe              the whole PE: its lanes, registers and the control bits that travel with them
     * @param laneModelUm2    the area model's units of one lane: a pe.multiplierBits square multiplier and a
     *                        pe.accumulatorBits adder, um^2
     * @param peModelUm2      the area model's PE ({@link dev.qasim.energy.AreaEstimate#peUm2()}), um^2
     * @param modelRegisterBits the register bits the energy model counts in one PE (operands pe.multiplierBits wide)
     * @param table           the energy table's name
     * @param modelNotes      what the area model leaves out
     */
    public record Report(SynthesisResult units, SynthesisResult lane, SynthesisResult pe, double laneModelUm2, double peModelUm2,
                         long modelRegisterBits, String table, List<String> modelNotes) {
        public Report {
            modelNotes = List.copyOf(modelNotes);
        }
    }

    /**
     * Runs Yosys on the architecture's PE and lane.
     *
     * @param yosys the Yosys executable
     * @throws BadInputException when the architecture has a setting the RTL does not build, or Yosys is missing
     * @throws IllegalStateException when Yosys fails (its output in the message)
     */
    public static Report run(ArchConfig arch, EnergyTable table, String yosys, String source) {
        RtlConfig rtl = RtlConfig.of(arch, source);
        Path dir;
        try {
            dir = Files.createTempDirectory("qasim-synth");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for Yosys: " + e.getMessage(), e);
        }
        try {
            String peModule = RtlDesign.peModule(rtl);
            String unitsModule = rtl.term() ? TERM_UNITS : UNITS;
            String laneModule = rtl.term() ? "qasim_term_mac" : "qasim_mac_lane";
            List<String> peModules = rtl.term() ? List.of(laneModule, "qasim_term_walk", peModule) : List.of(laneModule, peModule);
            for (String module : peModules) {
                Files.writeString(dir.resolve(module + ".sv"), RtlDesign.library(module));
            }
            Files.writeString(dir.resolve(unitsModule + ".sv"), RtlDesign.library(unitsModule));
            Map<String, Integer> unitParams = new LinkedHashMap<>();
            Map<String, Integer> laneParams = new LinkedHashMap<>();
            Map<String, Integer> peParams = new LinkedHashMap<>();
            parameters(rtl, unitParams, laneParams, peParams);
            // one Yosys process each: a run's gates depend on what the same process synthesized before
            runYosys(yosys, dir, "units.ys", synthesize(List.of(unitsModule), unitParams, "units.json"));
            runYosys(yosys, dir, "lane.ys", synthesize(List.of(laneModule), laneParams, "lane.json"));
            runYosys(yosys, dir, "pe.ys", synthesize(peModules, peParams, "pe.json"));
            SynthesisResult units = parse(dir.resolve("units.json"), describe(unitsModule, unitParams));
            SynthesisResult lane = parse(dir.resolve("lane.json"), describe(laneModule, laneParams));
            SynthesisResult pe = parse(dir.resolve("pe.json"), describe(peModule, peParams));
            EnergyModel model = new EnergyModel(table, arch);
            ProcessingElement kind = ProcessingElement.of(arch);
            double laneUm2 = 0;
            for (Operation.Unit unit : kind.units().subList(0, kind.units().size() / rtl.lanes())) { // the lanes' units are alike
                laneUm2 += model.areaUm2(unit);
            }
            long registerBits = kind.registers(DataflowSchedule.of(arch.array().dataflow()), rtl.mulBits(), rtl.mulBits()).bitsPerPe();
            var area = model.area();
            return new Report(units, lane, pe, laneUm2, area.peUm2(), registerBits, table.name(), area.notes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Yosys in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** The Verilog parameters of the units alone, of one lane (or term MAC) and of one PE. */
    private static void parameters(RtlConfig rtl, Map<String, Integer> unitParams, Map<String, Integer> laneParams,
                                   Map<String, Integer> peParams) {
        if (rtl.term()) {
            unitParams.put("E", dev.qasim.engine.SerialPe.exponentBits(rtl.mulBits(), rtl.mulBits()));
            unitParams.put("P", rtl.accBits());
            laneParams.put("MB", rtl.mulBits());
            laneParams.put("EW", rtl.exponentBits());
            laneParams.put("P", rtl.accBits());
            laneParams.put("POLICY", rtl.policyCode());
            peParams.putAll(laneParams);
            peParams.put("G", rtl.groupSize());
            peParams.put("K", rtl.groupBudget());
            peParams.put("S", rtl.dataTerms());
            peParams.put("JW", rtl.indexBits());
            if (rtl.preloads()) {
                peParams.put("WS", rtl.dataflow() == Dataflow.WS ? 1 : 0);
                peParams.put("RW", rtl.rowBits());
            }
        } else {
            unitParams.put("MB", rtl.mulBits());
            unitParams.put("P", rtl.accBits());
            laneParams.putAll(unitParams);
            laneParams.put("POLICY", rtl.policyCode());
            peParams.putAll(laneParams);
            peParams.put("L", rtl.lanes());
            if (rtl.preloads()) {
                peParams.put("WS", rtl.dataflow() == Dataflow.WS ? 1 : 0);
                peParams.put("RW", rtl.rowBits());
            }
        }
    }

    /**
     * The Yosys commands that synthesize one module with parameters and write its statistics.
     *
     * @param modules the modules to read, the one synthesized last
     */
    private static String synthesize(List<String> modules, Map<String, Integer> params, String json) {
        String module = modules.get(modules.size() - 1);
        StringBuilder s = new StringBuilder("read_verilog -sv");
        modules.forEach(m -> s.append(' ').append(m).append(".sv"));
        s.append("\nhierarchy -top ").append(module);
        params.forEach((k, v) -> s.append(" -chparam ").append(k).append(' ').append(v));
        s.append("\nsynth -flatten -top ").append(module).append("\ndffunmap\ntee -q -o ").append(json).append(" stat -json -tech cmos\n");
        return s.toString();
    }

    private static String describe(String module, Map<String, Integer> params) {
        StringBuilder s = new StringBuilder(module).append(" #(");
        List<String> p = new ArrayList<>();
        params.forEach((k, v) -> p.add(k + "=" + v));
        return s.append(String.join(", ", p)).append(')').toString();
    }

    private static void runYosys(String yosys, Path dir, String scriptName, String script) throws IOException {
        Files.writeString(dir.resolve(scriptName), script);
        Process process;
        try {
            process = new ProcessBuilder(yosys, "-q", "-s", scriptName).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw BadInputException.of("--synth", "", yosys, "cannot be started (" + e.getMessage()
                    + "); synthesis needs Yosys on the PATH (Debian: apt-get install yosys)");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException("Yosys failed (exit " + code + "):\n" + output);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Yosys ran", e);
        }
    }

    /** One module's statistics from {@code stat -json -tech cmos}. */
    static SynthesisResult parse(Path json, String module) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode design = root.get("design");
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = design.get("num_cells_by_type").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            cells.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode modules = root.get("modules"); // one, the design being flattened
        if (modules.size() != 1) {
            throw new IllegalStateException("Yosys left " + modules.size() + " modules of " + module + "; expected one (flattened)");
        }
        String estimate = modules.elements().next().get("estimated_num_transistors").asText();
        if (estimate.endsWith("+")) {
            throw new IllegalStateException("Yosys has no transistor count for some cells of " + module + ": " + cells);
        }
        return new SynthesisResult(module, cells, Long.parseLong(estimate));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth hiding the result
        }
    }
}
