package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.PeKind;
import dev.qasim.input.BadInputException;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped architecture runs the shipped micro workloads, both engines agreeing, outputs checked. */
class ShippedArchitecturesTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    static List<Path> shipped() throws IOException {
        try (Stream<Path> s = Files.list(HOME.resolve("arch-configs"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyShippedMacArchitectureRunsTheMicroWorkloadsIdenticallyOnBothEngines() throws IOException {
        int ran = 0;
        for (Path file : shipped()) {
            ArchConfig arch = ArchLoader.load(file, List.of());
            if (arch.pe().kind() != PeKind.MAC) {
                continue;
            }
            for (String w : List.of("gemm-64.yaml", "conv-28x28x16.yaml", "npy-example.yaml")) {
                Workload workload = WorkloadLoader.load(HOME.resolve("workloads").resolve(w));
                List<Layer> layers = workload.layers();
                if (arch.pe().multiplierBits() < 8) {
                    continue; // the micro workloads are 8-bit; lsq-int4-acc16 runs 4-bit ones below
                }
                Simulator fast = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), true);
                Simulator stepped = new Simulator(arch, Engine.Kind.STEPPED, EngineOptions.defaults(), true);
                fast.checkRunnable(w, layers);
                RunResult a = fast.run(workload.name(), layers, WorkloadLoader::values, null);
                RunResult b = stepped.run(workload.name(), layers, WorkloadLoader::values, null);
                for (int i = 0; i < a.layers().size(); i++) {
                    LayerResult x = a.layers().get(i);
                    LayerResult y = b.layers().get(i);
                    assertThat(x.cycles()).as(file + " " + w).isEqualTo(y.cycles());
                    assertThat(x.overflowEvents()).isEqualTo(y.overflowEvents());
                    assertThat(x.output()).isEqualTo(y.output());
                    assertThat(x.output().bitExact()).as(file + " " + w).isEqualTo(x.overflowedOutputs() == 0);
                    // every weight crosses the DRAM link at least once, every output exactly once
                    var l = layers.get(i);
                    long weightBits = (long) l.matrixForm().groups() * l.matrixForm().k() * l.matrixForm().n()
                            * l.spec().weights().bits();
                    assertThat(x.memory().dram().weightReadBits()).isGreaterThanOrEqualTo(weightBits);
                    assertThat(x.memory().dram().outputWriteBits()).isEqualTo(l.matrixForm().outputs() * l.spec().data().bits());
                }
                ran++;
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theInt4ArchitectureRunsFourBitOperandsAndRejectsEightBitOnes() {
        ArchConfig lsq = ArchLoader.load(HOME.resolve("arch-configs/lsq-int4-acc16.yaml"), List.of());
        Workload gemm = WorkloadLoader.load(HOME.resolve("workloads/gemm-64.yaml"));
        Simulator sim = new Simulator(lsq, Engine.Kind.FAST, EngineOptions.defaults(), true);
        assertThatThrownBy(() -> sim.checkRunnable("gemm-64.yaml", gemm.layers())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("wider than the 4-bit multiplier");
        Layer four = new dev.qasim.workload.Gemm(TestLayers.spec("g4", 4, 4, false, 3), 64, 64, 300);
        sim.checkRunnable("test", List.of(four));
        LayerResult r = sim.runLayer(four, WorkloadLoader.values(four));
        // K = 300 > 273, so a 16-bit accumulator is not safe for every s4 x u4 input; whatever happened, the
        // outputs are bit-exact exactly when no output overflowed
        assertThat(r.output().checked()).isTrue();
        assertThat(r.output().bitExact()).isEqualTo(r.overflowedOutputs() == 0);
        assertThat(r.macs()).isEqualTo(64L * 64 * 300);
    }

    @Test
    void theTermSerialFpgaArchitectureRunsTheMicroWorkloadsIdenticallyOnBothEnginesBitExactToTheRevealedOperands() {
        ArchConfig tr = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of());
        for (String w : List.of("gemm-64.yaml", "conv-28x28x16.yaml")) {
            Workload workload = WorkloadLoader.load(HOME.resolve("workloads").resolve(w));
            Simulator fast = new Simulator(tr, Engine.Kind.FAST, EngineOptions.defaults(), true);
            Simulator stepped = new Simulator(tr, Engine.Kind.STEPPED, EngineOptions.defaults(), true);
            fast.checkRunnable(w, workload.layers());
            LayerResult a = fast.run(workload.name(), workload.layers(), WorkloadLoader::values, null).layers().get(0);
            LayerResult b = stepped.run(workload.name(), workload.layers(), WorkloadLoader::values, null).layers().get(0);
            assertThat(a.cycles()).as(w).isEqualTo(b.cycles());
            assertThat(a.terms()).isEqualTo(b.terms());
            assertThat(a.output()).isEqualTo(b.output());
            assertThat(a.output().bitExact()).isTrue();
            assertThat(a.terms().pairs()).isPositive().isLessThanOrEqualTo(a.terms().slots());
        }
    }
}
