package dev.qasim.rtl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyTables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Yosys synthesizes one PE of each shipped MAC architecture (its registers are the ones the energy model counts) and
 * of the shipped term-revealing architecture.
 */
class SynthesisTest {
    private static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    static Synthesis.Report synthesize(String name, String... overrides) {
        Path file = HOME.resolve("arch-configs/" + name + ".yaml");
        ArchConfig arch = ArchLoader.load(file, List.of(overrides));
        return Synthesis.run(arch, EnergyTables.forArch(arch.energy().table(), file), Tools.yosys().toString(), name);
    }

    /**
     * The PE's flip-flops are the energy model's register bits (operands pe.multiplierBits wide) plus the control
     * bits that travel with them: ws/is the stream's six flags, the preload's valid bit and row (ceil(log2 R)
     * bits) and an overflow pulse per lane; os the data's four flags and per lane a weight's real bit, the side
     * port's valid bit and an overflow pulse.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edge-os-16x16", "lsq-int4-acc16", "tpu-like-int8"})
    void aPesFlipFlopsAreTheRegisterBitsTheEnergyModelCountsPlusTheControlBits(String name) {
        Synthesis.Report r = synthesize(name);
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/" + name + ".yaml"), List.of());
        RtlConfig rtl = RtlConfig.of(arch, name);
        long control = rtl.preloads() ? 6 + 1 + rtl.rowBits() + rtl.lanes() : 4 + 3L * rtl.lanes();
        assertThat((long) r.pe().flipFlops()).isEqualTo(r.modelRegisterBits() + control);
        assertThat(r.lane().flipFlops()).as("a lane is combinational").isZero();
        assertThat(r.pe().transistors()).isGreaterThan(r.lane().transistors() * rtl.lanes());
        assertThat(r.laneModelUm2()).isPositive();
        System.out.printf("synthesis %s: lane %d cells, %.1f GE, %.1f um^2 (model %.1f); PE %d cells (%d flip-flops), %.1f GE, %.1f um^2"
                + " (model %.1f)%n", name, r.lane().cells(), r.lane().gateEquivalents(), r.lane().um2At45nm(), r.laneModelUm2(),
                r.pe().cells(), r.pe().flipFlops(), r.pe().gateEquivalents(), r.pe().um2At45nm(), r.peModelUm2());
    }

    /**
     * The shipped term-revealing design's PE (tr-fpga-64x128: g 8, k 12, s 3, 8-bit operands, a 32-bit accumulator):
     * its flip-flops are its term registers (the stream's G S data terms and flags, K weight terms each in the
     * preload pipeline, the active and the shadow register, the pipeline's valid bit and row), the partial sum
     * passed down, the working accumulator, the next pair (weight term, data term) and the overflow pulse; Yosys's gates stand beside
     * the model's units (exponent adder, shifter, adder) and registers.
     */
    @Test
    void aTermSerialPesFlipFlopsAreItsTermRegistersAccumulatorsAndNextPair() {
        Synthesis.Report r = synthesize("tr-fpga-64x128");
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of());
        RtlConfig rtl = RtlConfig.of(arch, "tr-fpga-64x128");
        int dataTerms = rtl.groupSize() * rtl.dataTerms() * (2 + rtl.exponentBits());
        int weightTerms = rtl.groupBudget() * rtl.weightTermBits();
        int nextPair = 32 - Integer.numberOfLeadingZeros(rtl.groupBudget()) // weight term 0 to K (none)
                + (rtl.dataTerms() > 1 ? 32 - Integer.numberOfLeadingZeros(rtl.dataTerms() - 1) : 1); // data term 0 to S-1
        long expected = dataTerms + 6 + 3L * weightTerms + 1 + rtl.rowBits() + 2L * rtl.accBits() + nextPair + 1;
        assertThat((long) r.pe().flipFlops()).isEqualTo(expected);
        assertThat(r.lane().flipFlops()).as("the term MAC is combinational").isZero();
        assertThat(r.pe().transistors()).isGreaterThan(r.lane().transistors());
        assertThat(r.units().transistors()).isPositive();
        System.out.printf("synthesis tr-fpga-64x128: units %d cells, %.1f GE, %.1f um^2 (model %.1f); term MAC %d cells, %.1f GE, %.1f um^2;"
                + " PE %d cells (%d flip-flops; the model counts %d register bits), %.1f GE, %.1f um^2 (model %.1f)%n", r.units().cells(),
                r.units().gateEquivalents(), r.units().um2At45nm(), r.laneModelUm2(), r.lane().cells(), r.lane().gateEquivalents(),
                r.lane().um2At45nm(), r.pe().cells(), r.pe().flipFlops(), r.modelRegisterBits(), r.pe().gateEquivalents(),
                r.pe().um2At45nm(), r.peModelUm2());
    }

    @Test
    void aWiderLaneTakesMoreGatesAsTheAreaModelSays() {
        Synthesis.Report narrow = synthesize("lsq-int4-acc16");
        Synthesis.Report wide = synthesize("lsq-int4-acc16", "pe.multiplierBits=8", "pe.accumulatorBits=32");
        assertThat(wide.lane().transistors()).isGreaterThan(narrow.lane().transistors());
        assertThat(wide.laneModelUm2()).isGreaterThan(narrow.laneModelUm2());
    }
}
