package dev.qasim.rtl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated SystemVerilog: what each configuration writes, and that it passes both tools' checks. */
class RtlDesignTest {
    private static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    private static final RtlSource SOURCE = new RtlSource("arch.yaml", "0123abcd", List.of("pe.accumulatorBits=9"));

    @TempDir
    Path dir;

    /** Every dataflow and policy, one and several lanes, and the extremes of each width (R = C = 1, 1-bit and 32-bit operands, 2- and 64-bit accumulators). */
    static Stream<RtlCosimTest.Config> configs() {
        return Stream.of(
                new RtlCosimTest.Config(4, 3, Dataflow.WS, true, 8, 32, 1, OverflowPolicy.WRAP),
                new RtlCosimTest.Config(1, 1, Dataflow.WS, false, 1, 2, 1, OverflowPolicy.TRAP),
                new RtlCosimTest.Config(2, 2, Dataflow.WS, true, 32, 64, 2, OverflowPolicy.SATURATE),
                new RtlCosimTest.Config(3, 2, Dataflow.IS, true, 5, 7, 3, OverflowPolicy.SATURATE),
                new RtlCosimTest.Config(2, 5, Dataflow.IS, false, 32, 64, 1, OverflowPolicy.WRAP),
                new RtlCosimTest.Config(1, 4, Dataflow.OS, true, 16, 40, 2, OverflowPolicy.TRAP),
                new RtlCosimTest.Config(5, 1, Dataflow.OS, false, 3, 8, 4, OverflowPolicy.SATURATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void everyConfigurationPassesVerilatorsLintAllAndYosysReadsAndElaboratesIt(RtlCosimTest.Config config) throws Exception {
        checkBothTools(config.arch());
    }

    /**
     * Term-serial arrays of every dataflow: policies, overlapped and back-to-back folds, and the extremes (R = C = 1, one
     * value a group with one term each, groups that are not powers of two, 1-bit and 16-bit operands, 2- and 64-bit
     * accumulators).
     */
    static Stream<RtlCosimTest.TermConfig> termConfigs() {
        return Stream.of(
                new RtlCosimTest.TermConfig(4, 3, Dataflow.WS, true, 8, 32, OverflowPolicy.WRAP, 8, 12, 3),
                new RtlCosimTest.TermConfig(1, 1, Dataflow.WS, false, 1, 2, OverflowPolicy.SATURATE, 1, 1, 1),
                new RtlCosimTest.TermConfig(2, 5, Dataflow.WS, true, 16, 64, OverflowPolicy.SATURATE, 5, 7, 4),
                new RtlCosimTest.TermConfig(3, 2, Dataflow.IS, false, 4, 9, OverflowPolicy.WRAP, 3, 2, 2),
                new RtlCosimTest.TermConfig(1, 1, Dataflow.IS, true, 1, 2, OverflowPolicy.SATURATE, 1, 1, 1),
                new RtlCosimTest.TermConfig(2, 3, Dataflow.IS, true, 16, 64, OverflowPolicy.WRAP, 6, 9, 2),
                new RtlCosimTest.TermConfig(3, 2, Dataflow.OS, false, 8, 20, OverflowPolicy.SATURATE, 3, 4, 2),
                new RtlCosimTest.TermConfig(1, 1, Dataflow.OS, true, 1, 2, OverflowPolicy.WRAP, 1, 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("termConfigs")
    void everyTermSerialConfigurationPassesVerilatorsLintAllAndYosysReadsAndElaboratesIt(RtlCosimTest.TermConfig config)
            throws Exception {
        checkBothTools(config.arch());
    }

    private void checkBothTools(ArchConfig arch) throws Exception {
        write(RtlDesign.files(arch, SOURCE, "test"));
        Lint.Outcome lint = Lint.verilator(dir, List.of());
        assertThat(lint.passed()).as(lint.output()).isTrue();
        Lint.Outcome yosys = Lint.yosys(dir, true);
        assertThat(yosys.passed()).as(yosys.output()).isTrue();
    }

    /**
     * The shipped architectures: their folders as written pass Yosys's read_verilog -sv; Verilator lints the
     * 16x16 one as it is and the larger ones (32x32, 128x128, the term-serial 64x128: minutes and gigabytes to
     * elaborate) with the same files at 4 x 4.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edge-os-16x16", "lsq-int4-acc16", "tpu-like-int8", "tr-fpga-64x128"})
    void theShippedArchitecturesDesignsPassBothTools(String name) throws Exception {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/" + name + ".yaml"), List.of());
        write(RtlDesign.files(arch, SOURCE, "test"));
        boolean small = arch.array().rows() * arch.array().cols() <= 256;
        Lint.Outcome lint = Lint.verilator(dir, small ? List.of() : List.of("-GR=4", "-GC=4"));
        assertThat(lint.passed()).as(lint.output()).isTrue();
        Lint.Outcome yosys = Lint.yosys(dir, small);
        assertThat(yosys.passed()).as(yosys.output()).isTrue();
    }

    @Test
    void everyFileNamesTheArchitectureFileItsHashAndTheOverrides() {
        ArchConfig arch = new RtlCosimTest.Config(2, 2, Dataflow.WS, true, 8, 9, 1, OverflowPolicy.WRAP).arch();
        Map<String, String> files = RtlDesign.files(arch, SOURCE, "1.2.3");
        assertThat(files).isNotEmpty();
        files.forEach((name, text) -> assertThat(text).as(name).startsWith("// Generated by qasim 1.2.3 (qasim rtl) from arch.yaml\n"
                + "// sha256 0123abcd\n// with --set pe.accumulatorBits=9\n"));
    }

    @Test
    void theTopModuleCarriesTheArchitecturesValues() {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"), List.of());
        String top = RtlDesign.files(arch, SOURCE, "test").get("qasim_top.sv");
        assertThat(top.replaceAll(" +", " ")).contains("parameter int R = 16,", "parameter int C = 16,", "parameter int L = 2,",
                "parameter int MB = 8,", "parameter int P = 16,", "parameter int POLICY = 1,", "parameter int OVERLAP = 1 ",
                "qasim_core_os #(")
                .doesNotContain("PSUM_DEPTH");
        ArchConfig tpu = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of());
        // 4 MiB of ofmap buffer over 128 slots of 32 bits
        assertThat(RtlDesign.files(tpu, SOURCE, "test").get("qasim_top.sv").replaceAll(" +", " ")).contains("parameter int PSUM_DEPTH = 8192 ",
                "qasim_core_stationary #(", ".WS(1)");
    }

    @Test
    void aFolderHoldsTheModulesOfItsDataflowOnly() {
        ArchConfig os = new RtlCosimTest.Config(2, 2, Dataflow.OS, true, 8, 9, 1, OverflowPolicy.WRAP).arch();
        ArchConfig is = new RtlCosimTest.Config(2, 2, Dataflow.IS, true, 8, 9, 1, OverflowPolicy.WRAP).arch();
        assertThat(RtlDesign.files(os, SOURCE, "t").keySet()).containsExactly("qasim_mac_lane.sv", "qasim_delay.sv",
                "qasim_fold_walker.sv", "qasim_program.sv", "qasim_pe_os.sv", "qasim_array_os.sv", "qasim_ctrl_os.sv", "qasim_core_os.sv",
                "qasim_top.sv");
        assertThat(RtlDesign.files(is, SOURCE, "t").keySet()).containsExactly("qasim_mac_lane.sv", "qasim_delay.sv",
                "qasim_fold_walker.sv", "qasim_program.sv", "qasim_pe_stationary.sv", "qasim_array_stationary.sv", "qasim_psum_buffer.sv",
                "qasim_ctrl_stationary.sv", "qasim_core_stationary.sv", "qasim_top.sv");
    }

    @Test
    void theShippedTermSerialDesignHoldsItsModulesAndValues() {
        ArchConfig tr = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of());
        Map<String, String> files = RtlDesign.files(tr, SOURCE, "t");
        assertThat(files.keySet()).containsExactly("qasim_delay.sv", "qasim_fold_walker.sv", "qasim_program.sv", "qasim_beat.sv",
                "qasim_term_mac.sv", "qasim_term_walk.sv", "qasim_pe_term.sv", "qasim_hese_encoder.sv", "qasim_array_stationary.sv",
                "qasim_psum_buffer.sv", "qasim_ctrl_stationary.sv", "qasim_core_term.sv", "qasim_top.sv");
        ArchConfig os = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("array.dataflow=os"));
        Map<String, String> osFiles = RtlDesign.files(os, SOURCE, "t");
        assertThat(osFiles.keySet()).containsExactly("qasim_delay.sv", "qasim_fold_walker.sv", "qasim_program.sv", "qasim_beat.sv",
                "qasim_term_mac.sv", "qasim_term_walk.sv", "qasim_pe_term_os.sv", "qasim_hese_encoder.sv", "qasim_array_os.sv",
                "qasim_ctrl_os.sv", "qasim_core_term_os.sv", "qasim_top.sv");
        assertThat(osFiles.get("qasim_top.sv").replaceAll(" +", " ")).contains("input logic [C*K*9-1:0] w_vec", "qasim_core_term_os #(")
                .doesNotContain("PSUM_DEPTH");
        // 256 KiB of ofmap buffer over 128 columns of 32 bits; a weight term is 2 + 4 + 3 bits
        assertThat(files.get("qasim_top.sv").replaceAll(" +", " ")).contains("parameter int R = 64,", "parameter int C = 128,",
                "parameter int MB = 8,", "parameter int P = 32,", "parameter int POLICY = 0,", "parameter int PSUM_DEPTH = 512,",
                "parameter int G = 8,", "parameter int K = 12,", "parameter int S = 3 ", "input logic [C*K*9-1:0] pre_vec",
                "input logic [R*G*MB-1:0] str_vec", "qasim_core_term #(");
    }

    @Test
    void serialPesTheTermSerialRtlDoesNotBuildAndWidenReplayAreRefusedOneLineEach() {
        ArchConfig tr = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("pe.overflow=widen-replay",
                "terms.dataEncoding=booth", "terms.termPairsPerCycle=2"));
        assertThat(tr.pe().kind()).isEqualTo(PeKind.TERM_SERIAL);
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> RtlDesign.files(tr, SOURCE, "t"));
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "arch.yaml: terms.dataEncoding = booth: the RTL's data encoders at the edge are HESE; other data encodings are not built"
                        + " yet: docs/rtl.md",
                "arch.yaml: terms.termPairsPerCycle = 2: the RTL's term PE adds one pair a cycle; more pairs a cycle are not built yet:"
                        + " docs/rtl.md",
                "arch.yaml: pe.overflow = widen-replay: the RTL generator builds wrap, saturate and trap; widen-replay re-executes"
                        + " folds with wide accumulators, which the generated array does not have");
        ArchConfig unbudgeted = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("terms.groupBudget=null",
                "terms.dataTerms=null"));
        assertThat(catchThrowableOfType(BadInputException.class, () -> RtlDesign.files(unbudgeted, SOURCE, "t")).problems())
                .extracting(Problem::message).containsExactly(
                        "arch.yaml: terms.groupBudget = null: the RTL's term-serial beats are budget-synchronous (k s pair cycles): it"
                                + " needs a group budget k of at least 1; beats as long as the busiest PE needs are not built yet:"
                                + " docs/rtl.md",
                        "arch.yaml: terms.dataTerms = null: the RTL's term-serial beats are budget-synchronous (k s pair cycles): it"
                                + " needs the data terms s kept per value");
        for (String kind : List.of("term-serial-zero-skip", "bit-serial", "bit-serial-zero-skip")) {
            ArchConfig other = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("pe.kind=" + kind,
                    "terms.groupBudget=null", "terms.dataTerms=null"));
            assertThat(catchThrowableOfType(BadInputException.class, () -> RtlDesign.files(other, SOURCE, "t")).problems())
                    .extracting(Problem::message).containsExactly("arch.yaml: pe.kind = " + kind + ": the RTL generator builds mac and"
                            + " term-serial arrays (the zero-skipping and bit-serial PEs in RTL are not built yet: docs/rtl.md)");
        }
    }

    @Test
    void thePartialSumBufferHoldsWhatTheOfmapBufferHolds() {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/lsq-int4-acc16.yaml"), List.of());
        // 128 KiB over 32 columns of one 16-bit lane: 2048 entries
        assertThat(RtlConfig.of(arch, "a").psumDepth()).isEqualTo(2048);
        ArchConfig unlimited = ArchLoader.load(HOME.resolve("arch-configs/lsq-int4-acc16.yaml"), List.of("memory.ofmapSramKiB=unlimited"));
        assertThat(RtlConfig.of(unlimited, "a").psumDepth()).isEqualTo(RtlConfig.MAX_PSUM_DEPTH);
    }

    private void write(Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
    }
}
