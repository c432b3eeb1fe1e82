package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.arith.Vectors;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast serial engine on accumulators narrow enough that most columns may overflow: a group step is added whole
 * when no running sum of its addends can leave the range, else product by product, a product's events counted
 * (scalar or on the vector kernels) or, when they may be among the first ones kept, placed pair by pair. Every way
 * must give the stepped model's run, event for event; small event limits make the log full early, so that the
 * counting ways are taken.
 */
class NarrowSerialAccumulatorTest {

    /** Every serial kind, every policy it supports, with and without the vector kernels. */
    static Stream<Arguments> kindsPoliciesAndKernels() {
        return Arrays.stream(PeKind.values()).filter(k -> k != PeKind.MAC).flatMap(kind ->
                ProcessingElement.of(SerialEngineTest.serialArch(kind, 1, 1, Dataflow.WS, true, 8, OverflowPolicy.WRAP,
                        SerialEngineTest.randomTerms(new SplittableRandom(1), kind))).policies().stream().flatMap(policy ->
                        Stream.of(false, true).map(vectors -> Arguments.of(kind, policy, vectors))));
    }

    @ParameterizedTest(name = "{0} {1} vectors {2}")
    @MethodSource("kindsPoliciesAndKernels")
    void fastSerialEngineEqualsTheSteppedModelOnNarrowAccumulatorsWhetherStepsAreAddedWholeOrPairByPair(
            PeKind kind, OverflowPolicy policy, boolean vectors) {
        assumeTrue(!vectors || Vectors.enabled(), "the JVM runs without jdk.incubator.vector");
        SplittableRandom r = new SplittableRandom(9190 + 4L * kind.ordinal() + 2L * policy.ordinal() + (vectors ? 1 : 0));
        long[] taken = new long[SerialFast.Paths.class.getRecordComponents().length];
        Dataflow[] dataflows = Dataflow.values();
        for (int trial = 0; trial < 30; trial++) {
            ArchConfig arch = SerialEngineTest.serialArch(kind, 1 + r.nextInt(6), 1 + r.nextInt(6),
                    dataflows[r.nextInt(dataflows.length)], r.nextBoolean(), 6 + r.nextInt(9), policy,
                    SerialEngineTest.randomTerms(r, kind));
            Layer layer = TestLayers.random(r, "narrow" + trial);
            Lowered lowered = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(3), null);
            ArrayRun stepped = new SteppedEngine().run(arch, lowered, options);
            SerialPe pe = (SerialPe) ProcessingElement.of(arch);
            SerialFast fast = new SerialFast(arch, pe, lowered, pe.map(arch.array(), layer), options, vectors);
            EngineEquivalenceTest.assertSameRun(fast.run(), stepped, arch.array() + " " + arch.pe() + " " + arch.terms()
                    + " " + layer + " events " + options.eventLimit());
            SerialFast.Paths paths = fast.paths();
            long[] now = {paths.wholeSteps(), paths.walkedSteps(), paths.countedProducts(), paths.placedProducts(),
                paths.vectorOutputs()};
            for (int i = 0; i < taken.length; i++) {
                taken[i] += now[i];
            }
        }
        SerialFast.Paths all = new SerialFast.Paths(taken[0], taken[1], taken[2], taken[3], taken[4]);
        assertThat(all.wholeSteps()).as("steps added whole " + all).isPositive();
        assertThat(all.walkedSteps()).as("steps added product by product " + all).isPositive();
        assertThat(all.placedProducts()).as("products added pair by pair " + all).isPositive();
        assertThat(vectors ? all.vectorOutputs() : all.countedProducts()).as("events counted " + all).isPositive();
    }
}
