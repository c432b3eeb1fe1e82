package dev.qasim.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node and voltage scaling against the published factors (Stillmaker and Baas, Integration 2017), each expected
 * value computed here from the paper's coefficients, not from qasim's file.
 */
class NodeScalingTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml");

    /** E(n, V) = a V^2 + b V + c with the paper's Table 5 coefficients (high-performance models from 45 nm down). */
    private static double e(double a, double b, double c, double v) {
        return a * v * v + b * v + c;
    }

    private static final double E45_09 = e(1.018, -0.3107, 0.1539, 0.9);
    private static final double E32_09 = e(0.8367, -0.4341, 0.1701, 0.9);
    private static final double E7_07 = e(0.1776, -0.09097, 0.02447, 0.7);

    @Test
    void theAuthorsCorrigendumExampleIsReproduced() {
        // 1 pJ/op at 65 nm and 1.3 V is 0.4571 / 2.604 x 1 pJ = 0.1755 pJ/op at 32 nm and 0.9 V (the corrigendum)
        NodeScaling s = NodeScaling.stillmakerBaas();
        assertThat(s.energyFit(32, 0.9)).isEqualTo(0.4571, within(5e-5));
        assertThat(s.energyFit(65, 1.3)).isEqualTo(2.604, within(5e-4));
        assertThat(s.energyFactor(65, 1.3, 32, 0.9)).isEqualTo(0.1755, within(1e-4));
    }

    @Test
    void theDefaultTableScaledTo32And7NanometresUsesThePublishedFactors() {
        EnergyTable t = EnergyTables.load("horowitz-45nm", null);
        EnergyModel at32 = EnergyModel.forArch(arch("energy.technologyNm=32"), TPU);
        EnergyModel at7 = EnergyModel.forArch(arch("energy.technologyNm=7", "energy.supplyV=0.7"), TPU);
        // energy: E(n, V) / E(45 nm, 0.9 V); area: the paper's 45 nm row (0.46 to 32 nm, 0.059 to 7 nm);
        // static power: qasim's rule, the area factor times V / 0.9 V
        assertThat(at32.technology().energyFactor()).isEqualTo(E32_09 / E45_09, within(1e-12));
        assertThat(at32.technology().areaFactor()).isEqualTo(0.46);
        assertThat(at32.technology().staticFactor()).isEqualTo(0.46, within(1e-12));
        assertThat(at7.technology().energyFactor()).isEqualTo(E7_07 / E45_09, within(1e-12));
        assertThat(at7.technology().areaFactor()).isEqualTo(0.059);
        assertThat(at7.technology().staticFactor()).isEqualTo(0.059 * 0.7 / 0.9, within(1e-12));
        // the figures: an 8x8 multiply (0.2 pJ at 45 nm), the PE's area, DRAM kept (node-independent by default)
        assertThat(at7.figures().get(0).value()).isEqualTo(0.2 * E7_07 / E45_09, within(1e-12));
        EnergyModel at45 = EnergyModel.forArch(arch(), TPU);
        assertThat(at7.area().peUm2()).isEqualTo(at45.area().peUm2() * 0.059, within(1e-9));
        assertThat(at7.area().sramUm2()).isEqualTo(at45.area().sramUm2() * 0.059, within(1e-3));
        assertThat(at7.staticPower().totalNw()).isEqualTo(at45.staticPower().totalNw() * 0.059 * 0.7 / 0.9, within(1e-3));
        assertThat(figure(at7, "DRAM")).isEqualTo(t.dram().pjPerBit() * 8);
        assertThat(at45.technology().scaled()).isFalse();
        assertThat(at45.technology().energyFactor()).isEqualTo(1);
    }

    @Test
    void aVoltageAloneScalesWithinTheTablesNode() {
        EnergyModel low = EnergyModel.forArch(arch("energy.supplyV=0.8"), TPU);
        assertThat(low.technology().nodeNm()).isEqualTo(45);
        assertThat(low.technology().energyFactor()).isEqualTo(e(1.018, -0.3107, 0.1539, 0.8) / E45_09, within(1e-12));
        assertThat(low.technology().areaFactor()).isEqualTo(1);
        assertThat(low.technology().staticFactor()).isEqualTo(0.8 / 0.9, within(1e-12));
    }

    @Test
    void aNodeWithoutPublishedFactorsIsRefusedNamingTheKeyAndTheNodes() {
        List<Problem> p = problems(() -> EnergyModel.forArch(arch("energy.technologyNm=28"), TPU));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.keyPath()).isEqualTo("energy.technologyNm");
            assertThat(x.value()).isEqualTo("28");
            assertThat(x.rule()).contains("180, 130, 90, 65, 45, 32, 20, 16, 14, 10, 7");
        });
    }

    private static double figure(EnergyModel m, String what) {
        return m.figures().stream().filter(f -> f.what().equals(what)).findFirst().orElseThrow().value();
    }

    static ArchConfig arch(String... set) {
        List<String> overrides = new ArrayList<>(List.of(set));
        return ArchLoader.load(TPU, overrides);
    }

    static List<Problem> problems(Runnable r) {
        try {
            r.run();
        } catch (BadInputException e) {
            return e.problems();
        }
        throw new AssertionError("expected bad input");
    }

    @Test
    void scalingIsRefusedForATableWhoseNodeHasNoFactors() throws Exception {
        String yaml = EnergyModelTest.shipped().replace("node: 45 nm", "node: FPGA fabric");
        EnergyTable t = EnergyModelTest.table(yaml);
        assertThat(t.corner().nodeNm()).isNaN();
        assertThatThrownBy(() -> new EnergyModel(t, arch("energy.technologyNm=7"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("energy.table").hasMessageContaining("no published scaling factors");
        assertThat(new EnergyModel(t, arch()).technology().scaled()).isFalse(); // no scaling asked: priced as given
    }
}
