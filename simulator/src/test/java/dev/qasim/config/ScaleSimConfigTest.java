package dev.qasim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleSimConfigTest {
    static final Path SHIPPED = ArchLoaderTest.SHIPPED.resolve("scalesim");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> problemsOf(Path file) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> ArchLoader.load(file, List.of()));
        assertThat(e).as("a bad-input error").isNotNull();
        return e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void scaleSimsV2ConfigWithLayoutAndSparsityKeysMapsOntoTheArchitecture() {
        ArchConfig a = ArchLoader.load(SHIPPED.resolve("scale-v2.cfg"), List.of());
        assertThat(a.name()).isEqualTo("scale_example_run_32x32_os");
        assertThat(a.array()).isEqualTo(new ArrayConfig(32, 32, Dataflow.OS, false));
        assertThat(a.memory()).isEqualTo(new MemoryConfig(64, 64, 64, 64));
        assertThat(a.pe().kind()).isEqualTo(PeKind.MAC);
        assertThat(ArchLoader.notes(SHIPPED.resolve("scale-v2.cfg"))).anySatisfy(n -> assertThat(n).contains(
                "OnChipMemoryBanks, OnChipMemoryBankPorts, IfmapCustomLayout, FilterCustomLayout, IfmapSRAMBankBandwidth,"
                        + " IfmapSRAMBankNum, IfmapSRAMBankPort, FilterSRAMBankBandwidth, FilterSRAMBankNum, FilterSRAMBankPort"
                        + " without effect: qasim does not model SRAM banks"))
                .anySatisfy(n -> assertThat(n).contains("SparsitySupport without effect: qasim runs every layer dense"));
    }

    @Test
    void scaleSimsV3ConfigWithALayoutSectionAndCalcModeMapsOntoTheArchitecture() throws IOException {
        ArchConfig google = ArchLoader.load(SHIPPED.resolve("google-v3.cfg"), List.of());
        assertThat(google.array()).isEqualTo(new ArrayConfig(256, 256, Dataflow.WS, false));
        assertThat(google.memory()).isEqualTo(new MemoryConfig(6144, 6144, 2048, 10));
        ArchConfig calc = ArchLoader.load(SHIPPED.resolve("parity-32x32-ws.cfg"), List.of());
        assertThat(calc.memory().dramBytesPerCycle()).isInfinite();
        assertThat(calc).isEqualTo(ArchLoader.load(ArchLoaderTest.SHIPPED.resolve("scalesim-parity-32x32-ws.yaml"), List.of()));
        // overrides apply to the mapped keys as to a YAML file's
        ArchConfig set = ArchLoader.load(SHIPPED.resolve("parity-32x32-ws.cfg"), List.of("array.overlapFolds=true", "pe.accumulatorBits=16"));
        assertThat(set.array().overlapFolds()).isTrue();
        assertThat(set.pe().accumulatorBits()).isEqualTo(16);
        // configparser's rules: keys in any case, '=' or ':', whole-line comments, a '#' later in a line is the value's
        Path f = write("a.cfg", "; comment\n[general]\nRUN_NAME = x\n[architecture_presets]\narrayheight=4\nArrayWidth : 8\n"
                + "IfmapSramSzkB: 1\nFilterSramSzkB: 2\nOfmapSramSzkB: 3\nDataflow: is\n# comment\n[run_presets]\nInterfaceBandwidth=USER\n"
                + "[architecture_presets2]\n");
        assertThat(problemsOf(f)).containsExactly(
                f + ": line 14 = [architecture_presets2]: unknown section; SCALE-Sim's sections are [general], [architecture_presets],"
                        + " [layout], [sparsity], [run_presets], [network_presets]",
                f + ": architecture_presets.Bandwidth (missing): required with InterfaceBandwidth USER (words per cycle)");
    }

    @Test
    void unknownKeysMissingKeysAndUnsupportedValuesAreRefusedByNameAllAtOnce() throws IOException {
        Path f = write("bad.cfg", String.join("\n", "[general]", "run_name = r", "[architecture_presets]", "ArrayHeight: 0",
                "ArrayWidth: 32 # columns", "IfmapSramSzkB: 64", "FilterSramSzkB: 64", "Dataflow: WS", "Bandwidth: 10, x",
                "Banwidth: 10", "SparsitySupport: true", "[sparsity]", "SparsitySupport: true", "[run_presets]",
                "InterfaceBandwidth: AUTO", "UseRamulatorTrace: True", "ArrayHeight: 8", "arrayheight: 9", ""));
        assertThat(problemsOf(f)).containsExactly(
                f + ": run_presets.arrayheight = 9: repeats the key of line 17 (keys are case-insensitive); a key appears once in its section",
                f + ": architecture_presets.Banwidth = 10: unknown key; [architecture_presets] holds ArrayHeight, ArrayWidth,"
                        + " IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB, Dataflow, Bandwidth, IfmapOffset, FilterOffset, OfmapOffset,"
                        + " MemoryBanks, OnChipMemoryBanks, OnChipMemoryBankPorts, ReadRequestBuffer, WriteRequestBuffer,"
                        + " IfmapCustomLayout, FilterCustomLayout, IfmapSRAMBankBandwidth, IfmapSRAMBankNum, IfmapSRAMBankPort,"
                        + " FilterSRAMBankBandwidth, FilterSRAMBankNum, FilterSRAMBankPort",
                f + ": architecture_presets.SparsitySupport = true: belongs in [sparsity]",
                f + ": run_presets.ArrayHeight = 8: belongs in [architecture_presets]",
                f + ": architecture_presets.OfmapSramSzkB (missing): required (SCALE-Sim requires it too)",
                f + ": architecture_presets.ArrayHeight = 0: must be a whole number from 1 to 4096",
                f + ": architecture_presets.ArrayWidth = 32 # columns: must be a whole number from 1 to 4096",
                f + ": architecture_presets.Dataflow = WS: must be os, ws or is (SCALE-Sim's spelling, lower case)",
                f + ": architecture_presets.Bandwidth = 10, x: must be a whole number of words per cycle of at least 1, or several"
                        + " separated by commas",
                f + ": run_presets.InterfaceBandwidth = AUTO: must be USER (Bandwidth words per cycle) or CALC (the bandwidth a"
                        + " stall-free run needs)",
                f + ": sparsity.SparsitySupport = true: qasim runs every layer dense and cannot follow SCALE-Sim's sparse filters; use false",
                f + ": run_presets.UseRamulatorTrace = True: qasim does not replay Ramulator latency traces (its DRAM is one link"
                        + " of memory.dramBytesPerCycle); use False");
    }

    @Test
    void everyKeyScaleSimDefinesIsKnownAndMalformedLinesAreNamed() throws IOException {
        assertThat(ScaleSimConfig.keys()).hasSize(33).containsEntry("ArrayHeight", true).containsEntry("IfmapOffset", false)
                .containsEntry("MemoryBanks", false).containsEntry("run_name", true).containsEntry("TopologyCsvLoc", false);
        Path f = write("syntax.cfg", "ArrayHeight: 1\n[general]\nrun_name\n= 3\n[general]\n[DEFAULT]\n");
        assertThat(problemsOf(f)).startsWith(
                f + ": line 1 = ArrayHeight: 1: a key before any [section] header",
                f + ": line 3 = run_name: neither a [section] header nor key = value (or key: value)",
                f + ": line 4 = = 3: a key is missing before the '=' or ':'",
                f + ": line 5 = [general]: section [general] already began at line 2; a section appears once",
                f + ": line 6 = [DEFAULT]: a [DEFAULT] section is not read; give every key in its own section",
                f + ": architecture_presets.ArrayHeight (missing): required (SCALE-Sim requires it too)");
    }
}
