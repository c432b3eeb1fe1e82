package dev.qasim.cli;

import com.google.common.hash.Hashing;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.PeKind;
import dev.qasim.engine.SerialPe;
import dev.qasim.energy.EnergyTable;
import dev.qasim.energy.EnergyTables;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.report.ReportFiles;
import dev.qasim.report.Version;
import dev.qasim.rtl.RtlDesign;
import dev.qasim.rtl.RtlSource;
import dev.qasim.rtl.Synthesis;
import dev.qasim.rtl.SynthesisResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim rtl}: the SystemVerilog of an architecture's MAC or term-serial array, optionally one PE synthesized. */
@Command(name = "rtl", mixinStandardHelpOptions = true,
        description = {"Write synthesizable SystemVerilog (IEEE 1800-2017) of an architecture's MAC array, or of its term-serial "
                + "array, into a folder: its PEs, lanes, skewed edges, preload or side ports, partial-sum buffer and fold "
                + "controller (term-serial: the HESE data encoders at the edge and the beat controller), the parameters taken "
                + "from the architecture file (docs/rtl.md). The folder holds only the design's files.",
                "A folder holding the design of another architecture file (or other --set overrides), as every file's header "
                        + "names it, is refused unless --overwrite is given; a folder holding files the design does not write is "
                        + "refused even so.",
                "With --synth, Yosys also synthesizes one PE and qasim prints its cells and gate equivalents beside the area "
                        + "model's estimate."})
final class RtlCommand implements Callable<Integer> {

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The design's folder (created when needed).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the design of another architecture file or other overrides in the "
            + "folder (the same design is always written again).")
    boolean overwrite;

    @Option(names = "--synth", description = "Synthesize one PE and one MAC lane (a term-serial PE's term MAC) with Yosys (on the "
            + "PATH) and print the cells.")
    boolean synth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Options.outputFolder("--out", out);
        ArchConfig arch = ArchLoader.load(archOptions.arch, archOptions.overrides);
        EnergyTable table = synth ? EnergyTables.forArch(arch.energy().table(), archOptions.arch) : null;
        String source = archOptions.arch.toString();
        Map<String, String> files = RtlDesign.files(arch, new RtlSource(source, sha256(archOptions.arch), archOptions.overrides),
                Version.get());
        ReportFiles.checkTargets(out, files.keySet());
        checkOnlyDesignFiles(files);
        Synthesis.Report report = synth ? Synthesis.run(arch, table, "yosys", source) : null;
        ReportFiles.writeText(out, files);
        PrintWriter stdout = spec.commandLine().getOut();
        if (report != null) {
            print(stdout, arch, report);
        }
        spec.commandLine().getErr().println("rtl: " + files.size() + " files in " + out + " (top module " + RtlDesign.TOP + ")");
        stdout.flush();
        return Main.OK;
    }

    /**
     * The folder must end up holding the design only: a file the design does not write is a problem, and so is a file
     * of the design generated from another architecture or other overrides (its header differs), unless --overwrite.
     */
    private void checkOnlyDesignFiles(Map<String, String> files) {
        if (!Files.isDirectory(out)) {
            return;
        }
        Problems problems = new Problems();
        try (Stream<Path> present = Files.list(out)) {
            for (Path p : present.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!files.containsKey(name)) {
                    problems.add("--out", "", p.toString(), "is not a file of this design; qasim rtl writes into an empty folder or"
                            + " one holding an earlier design of the same files (remove it or choose another folder)");
                } else if (!overwrite && Files.isRegularFile(p)) {
                    String earlier = header(Files.readString(p));
                    if (!earlier.equals(header(files.get(name)))) {
                        problems.add("--out", "", p.toString(), "holds the design generated from another architecture file or"
                                + " other overrides (" + earlier.replace('\n', ' ').trim()
                                + "); give --overwrite to replace it, or choose another folder");
                    }
                }
            }
        } catch (IOException e) {
            throw BadInputException.of("--out", "", out.toString(), "cannot be read: " + e.getMessage());
        }
        problems.throwIfAny();
    }

    /** A generated file's header: the lines that name the generator, the architecture file, its hash and the overrides. */
    private static String header(String text) {
        int end = text.indexOf("// Do not edit");
        String head = end < 0 ? text : text.substring(0, end);
        return head.replaceFirst("^// Generated by qasim \\S+ ", "// Generated by qasim ");
    }

    private static String sha256(Path file) {
        try {
            return Hashing.sha256().hashBytes(Files.readAllBytes(file)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " again: " + e.getMessage(), e);
        }
    }

    private static void print(PrintWriter out, ArchConfig arch, Synthesis.Report r) {
        out.printf("# %s: one PE synthesized by Yosys (generic gates; gate equivalents = CMOS transistors / %d; um^2 at 45 nm = "
                + "GE x %.3f, Nangate NAND2_X1)%n", arch.name(), SynthesisResult.TRANSISTORS_PER_GE, SynthesisResult.UM2_PER_GE_45NM);
        out.printf("%-10s %8s %8s %10s %10s %12s %14s %8s%n", "unit", "cells", "flops", "transistors", "GE", "Yosys um^2",
                "model um^2", "ratio");
        boolean term = arch.pe().kind() == PeKind.TERM_SERIAL;
        row(out, "units", r.units(), r.laneModelUm2());
        row(out, term ? "term MAC" : "MAC lane", r.lane(), r.laneModelUm2());
        row(out, "PE", r.pe(), r.peModelUm2());
        int mb = arch.pe().multiplierBits();
        int p = arch.pe().accumulatorBits();
        String units = term ? String.format("a term PE's units are a %d-bit exponent adder, a %d-bit shifter and a %d-bit adder (units: those"
                + " alone in Yosys's gates; term MAC: the RTL's pair arithmetic with its sign, overflow check and policy)",
                SerialPe.exponentBits(mb, mb), p, p)
                : String.format("a lane's units are a %dx%d multiplier and a %d-bit adder (units: those alone in Yosys's gates; MAC lane: the"
                + " RTL's lane with its sign selection, overflow check and policy)", mb, mb, p);
        out.printf("model: %s, %s; the model counts %d register bits in a PE, the RTL has %d flip-flops%n", r.table(), units,
                r.modelRegisterBits(), r.pe().flipFlops());
        for (String note : r.modelNotes()) {
            out.println("model note: " + note);
        }
        out.println("cells of the PE: " + String.join(", ", r.pe().cellsByType().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()));
    }

    private static void row(PrintWriter out, String unit, SynthesisResult s, double modelUm2) {
        out.printf("%-10s %8d %8d %10d %10.1f %12.1f %14.1f %8.2f%n", unit, s.cells(), s.flipFlops(), s.transistors(),
                s.gateEquivalents(), s.um2At45nm(), modelUm2, s.um2At45nm() / modelUm2);
    }
}
