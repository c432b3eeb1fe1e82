package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.WorkloadLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs that share a layer's values across hardware ({@link SharedLayer}, as a sweep's points do) give exactly the
 * runs each would give alone, whichever hardware computed the shared parts first.
 */
class SharedLayerTest {

    @Test
    void theFastEngineGivesTheSameRunWithAndWithoutSharedResultsOnArraysAndAccumulatorsTakenInRandomOrder() {
        SplittableRandom r = new SplittableRandom(4242);
        int unbounded = 0;
        int narrow = 0;
        int[] widths = {6, 7, 8, 10, 32, 64};
        for (int trial = 0; trial < 80; trial++) {
            Lowered lowered = TestLayers.lowered(TestLayers.random(r, "s" + trial));
            SharedLayer shared = new SharedLayer(lowered.layer(), lowered::values);
            for (int point = 0; point < 10; point++) {
                // few widths, so that points with the same accumulator on other arrays and dataflows share its results
                int accBits = widths[r.nextInt(widths.length)];
                OverflowPolicy policy = OverflowPolicy.values()[r.nextInt(OverflowPolicy.values().length)];
                ArchConfig arch = TestLayers.arch(1 + r.nextInt(8), 1 + r.nextInt(8), Dataflow.values()[r.nextInt(3)],
                        r.nextBoolean(), accBits, policy, 1 + r.nextInt(3));
                EngineOptions options = new EngineOptions(r.nextInt(30), null);
                ArrayRun alone = new FastEngine().run(arch, lowered, options);
                ArrayRun sharing = new FastEngine().run(arch, lowered, options, shared);
                EngineEquivalenceTest.assertSameRun(sharing, alone, arch.array() + " " + arch.pe() + " " + lowered.layer());
                boolean keeps = policy == OverflowPolicy.WRAP || policy == OverflowPolicy.SATURATE;
                unbounded += alone.overflowEvents() == 0 && accBits >= 32 ? 1 : 0;
                narrow += alone.overflowEvents() > 0 && keeps ? 1 : 0;
            }
        }
        assertThat(unbounded).as("runs without overflow that took shared results").isGreaterThan(200);
        assertThat(narrow).as("runs with events on wrapping or saturating accumulators").isGreaterThan(100);
    }

    @Test
    void sweepPointsSharingLayersOnShippedArchitecturesGiveTheLayerResultsOfSeparateRuns() throws IOException {
        Path home = ShippedArchitecturesTest.HOME;
        List<Layer> layers = WorkloadLoader.load(home.resolve("workloads/conv-28x28x16.yaml")).layers();
        Map<Layer, SharedLayer> cache = new HashMap<>();
        List<String> archs = List.of("tpu-like-int8.yaml", "tpu-like-int8.yaml", "tr-fpga-64x128.yaml", "tpu-like-int8.yaml",
                "tpu-like-int8.yaml", "edge-os-16x16.yaml");
        List<List<String>> sets = List.of(List.of(), List.of("array.dataflow=os", "array.rows=16"), List.of(),
                List.of("pe.accumulatorBits=16"), List.of("pe.accumulatorBits=16", "array.dataflow=is", "array.cols=8"),
                List.of("pe.accumulatorBits=16", "pe.overflow=saturate"));
        int overflowing = 0;
        for (int i = 0; i < archs.size(); i++) {
            ArchConfig arch = ArchLoader.load(home.resolve("arch-configs").resolve(archs.get(i)), sets.get(i));
            Simulator alone = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), true);
            java.util.function.Function<Layer, SharedLayer> share =
                    l -> cache.computeIfAbsent(l, k -> new SharedLayer(k, () -> WorkloadLoader.values(k)));
            RunResult a = alone.run("w", layers, WorkloadLoader::values, null);
            RunResult b = alone.withShared(share).run("w", layers, l -> share.apply(l).values(), null);
            assertThat(b.layers()).as(archs.get(i) + " " + sets.get(i)).isEqualTo(a.layers());
            overflowing += a.layers().stream().anyMatch(l -> l.overflowEvents() > 0) ? 1 : 0;
        }
        assertThat(overflowing).as("points whose layers overflow").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCacheThatDropsALayersSharedPartBetweenTwoRequestsStillGivesTheResultsOfASeparateRun() throws IOException {
        Path home = ShippedArchitecturesTest.HOME;
        List<Layer> layers = WorkloadLoader.load(home.resolve("workloads/conv-28x28x16.yaml")).layers();
        ArchConfig arch = ArchLoader.load(home.resolve("arch-configs/tpu-like-int8.yaml"), List.of());
        Simulator alone = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), true);
        // every request makes a new part, with new values, as a cache that dropped the layer in between would
        Simulator sharing = alone.withShared(l -> new SharedLayer(l, () -> WorkloadLoader.values(l)));
        assertThat(sharing.run("w", layers, WorkloadLoader::values, null).layers())
                .isEqualTo(alone.run("w", layers, WorkloadLoader::values, null).layers());
    }

    @Test
    void eachPartIsComputedOnceWhenPointsAskForItTogether() {
        Lowered lowered = TestLayers.lowered(TestLayers.gemm(40, 30, 50));
        AtomicInteger made = new AtomicInteger();
        SharedLayer shared = new SharedLayer(lowered.layer(), () -> {
            made.incrementAndGet();
            return lowered.values();
        });
        ArchConfig arch = TestLayers.arch(8, 8, Dataflow.WS, true, 32, OverflowPolicy.WRAP);
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            List<ArrayRun> runs = pool.submit(() -> java.util.stream.IntStream.range(0, 16).parallel()
                    .mapToObj(i -> new FastEngine().run(arch, new Lowered(lowered.layer(), shared.values()), EngineOptions.defaults(),
                            shared)).toList()).join();
            assertThat(made).hasValue(1);
            assertThat(new ArrayList<>(runs)).allSatisfy(run -> assertThat(run.outputs().view()).isSameAs(runs.get(0).outputs().view()));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aLayerOnOtherValuesThanTheSharedOnesIsRefused() {
        Lowered lowered = TestLayers.lowered(TestLayers.gemm(4, 3, 5));
        LayerValues other = new LayerValues(lowered.values().weights(), lowered.values().data());
        SharedLayer shared = new SharedLayer(lowered.layer(), () -> other);
        ArchConfig arch = TestLayers.arch(2, 2, Dataflow.WS, true, 32, OverflowPolicy.WRAP);
        assertThatThrownBy(() -> new FastEngine().run(arch, lowered, EngineOptions.defaults(), shared))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared values");
    }
}
