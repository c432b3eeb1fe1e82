package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import dev.qasim.quant.Calibration;
import dev.qasim.terms.Encoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradeoffJobTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path ARCH = HOME.resolve("arch-configs/tr-fpga-64x128.yaml");

    @TempDir
    static Path dir;
    static TradeoffJob.Result result;

    @BeforeAll
    static void runTheCurves() throws Exception {
        // seeded 8-bit gaussian weights (and unsigned 8-bit data), s = 3
        Path workload = dir.resolve("gauss.yaml");
        Files.writeString(workload, "name: gauss\ndefaults: {weightBits: 8, dataBits: 8, values: {source: synthetic, seed: 3}}\n"
                + "layers:\n  - {name: g1, type: gemm, m: 16, n: 64, k: 256}\n");
        List<Double> perValue = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            perValue.add(0.25 * i);
        }
        result = TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(), workload, List.of(Encoding.BINARY, Encoding.HESE),
                List.of(8, 16), List.of(), perValue, List.of(3)), done -> { });
    }

    private static TradeoffJob.Point point(Encoding e, int g, Integer k) {
        return result.points().stream().filter(p -> p.setting().equals(new TradeoffJob.Setting(e, g, k, 3))).findFirst().orElseThrow();
    }

    @Test
    void heseIsAtLeastAsAccurateAsBinaryAtEveryBudgetOfAQuarterTermPerValueOrMore() {
        int compared = 0;
        for (TradeoffJob.Point p : result.points()) {
            TradeoffJob.Setting t = p.setting();
            if (t.encoding() != Encoding.HESE || t.budget() == null || t.budgetPerValue() < 0.25) {
                continue;
            }
            TradeoffJob.Point binary = point(Encoding.BINARY, t.groupSize(), t.budget());
            assertThat(p.sqnrDb()).as("g=%d k=%d", t.groupSize(), t.budget()).isGreaterThanOrEqualTo(binary.sqnrDb());
            compared++;
        }
        assertThat(compared).isEqualTo(24);
    }

    @Test
    void threeTermsPerValueComeWithinOneDecibelOfNoBudget() {
        for (int g : List.of(8, 16)) {
            TradeoffJob.Point unbudgeted = point(Encoding.HESE, g, null);
            TradeoffJob.Point three = point(Encoding.HESE, g, 3 * g);
            assertThat(Math.abs(three.sqnrDb() - unbudgeted.sqnrDb())).as("g=%d", g).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void moreBudgetMeansMoreTermPairsAndTheBudgetBoundsThem() {
        for (int g : List.of(8, 16)) {
            long previous = -1;
            for (int i = 1; i <= 12; i++) {
                int k = (int) Math.round(g * 0.25 * i);
                TradeoffJob.Point p = point(Encoding.HESE, g, k);
                assertThat(p.termPairs()).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(p.costModelPairs());
                previous = p.termPairs();
            }
        }
    }

    @Test
    void conventionalQuantizationGetsWorseWithFewerWeightBits() {
        List<TradeoffJob.Conventional> c = result.conventional();
        assertThat(c).extracting(TradeoffJob.Conventional::weightBits).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(c.get(c.size() - 1).sqnrDb()).isNull(); // 8 bits: the weights themselves
        for (int i = 1; i < c.size() - 1; i++) {
            assertThat(c.get(i).sqnrDb()).isGreaterThan(c.get(i - 1).sqnrDb());
        }
    }

    @Test
    void filesAreATidyCsvAndChartsAsPngAndSvg() throws Exception {
        Path out = dir.resolve("out");
        TradeoffFiles.write(result, out);
        List<String> csv = Files.readAllLines(out.resolve("tradeoff.csv"));
        assertThat(csv.get(0)).isEqualTo(String.join(",", TradeoffFiles.COLUMNS));
        assertThat(csv).hasSize(1 + result.points().size() + result.conventional().size());
        for (String chart : List.of("sqnr-vs-cost-model-pairs", "sqnr-vs-term-pairs", "sqnr-vs-cycles")) {
            assertThat(out.resolve(chart + ".png")).exists();
            assertThat(Files.readString(out.resolve(chart + ".svg"))).contains("<svg id='chart-" + chart + "'");
        }
    }

    @Test
    void aBadValueForAKeyThePointsSetThemselvesIsStillRefused() {
        for (String set : List.of("pe.kind=foo", "terms.encoding=zzz", "terms.groupSize=0", "terms.groupBudget=-1")) {
            assertThatThrownBy(() -> TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(set), dir.resolve("gauss.yaml"),
                    List.of(Encoding.HESE), List.of(8), List.of(4), List.of(), List.of()), d -> { }))
                    .as(set).isInstanceOf(BadInputException.class).hasMessageContaining("--set " + set.substring(0, set.indexOf('=')));
        }
    }

    @Test
    void badSettingsAreReportedAllAtOnce() {
        assertThatThrownBy(() -> TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(), dir.resolve("gauss.yaml"), List.of(),
                List.of(0), List.of(), List.of(), List.of(99)), d -> { }))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems()).hasSize(4));
    }

    @Test
    void accuracyCurvesValidateTheModelAtEveryPointAndAllTermsEqualTheMacArray() {
        Path model = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
        TradeoffJob.Accuracy data = new TradeoffJob.Accuracy(HOME.resolve("workloads/mnist"), 4, 8, 60);
        // 8 data terms: no 8-bit value has more, so the unbudgeted points compute the exact quantized model
        TradeoffJob.Result r = TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(), model, List.of(Encoding.HESE), List.of(16),
                List.of(6, 14), List.of(), List.of(8), data), done -> { });
        assertThat(r.points()).hasSize(3).allSatisfy(p -> {
            assertThat(p.accuracy()).isNotNull();
            assertThat(p.sqnrDb()).isNull();
        });
        for (TradeoffJob.Point p : r.points()) {
            if (p.setting().budget() != null) {
                // k s / g term pairs per MAC, 668,672 MACs per image
                assertThat(p.costModelPairs() * 16).isEqualTo(668_672L * 60 * p.setting().budget() * 8);
                assertThat(p.termPairs()).isLessThanOrEqualTo(p.costModelPairs());
            }
        }
        assertThat(r.conventional()).extracting(TradeoffJob.Conventional::weightBits).containsExactly(2, 3, 4);
        TradeoffJob.Conventional mac4 = r.conventional().get(2);
        assertThat(mac4.costModelPairs()).isEqualTo(668_672L * 60 * 4 * 8);
        assertThat(point(r, null).accuracy()).isEqualTo(mac4.accuracy());
        assertThat(point(r, null).termPairs()).isLessThan(mac4.costModelPairs());
    }

    @Test
    void theWeightCalibrationAppliesToTheTermRevealingAndTheConventionalPoints() {
        Path model = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
        double[] conventional = new double[2];
        Calibration[] weights = {Calibration.max(), Calibration.mse()};
        for (int i = 0; i < 2; i++) {
            TradeoffJob.Accuracy data = new TradeoffJob.Accuracy(HOME.resolve("workloads/mnist"), 2, 8, 60, weights[i], dev.qasim.model.DataOptions.defaults());
            TradeoffJob.Result r = TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(), model, List.of(Encoding.HESE), List.of(16),
                    List.of(6), List.of(), List.of(8), data), done -> { });
            assertThat(r.conventional()).singleElement().satisfies(c -> assertThat(c.weightBits()).isEqualTo(2));
            conventional[i] = r.conventional().get(0).accuracy();
            // every term of the same 2-bit weights: the term-serial array computes what the MAC array does
            assertThat(point(r, null).accuracy()).isEqualTo(conventional[i]);
        }
        assertThat(conventional[0]).isLessThan(60.0);
        assertThat(conventional[1]).isGreaterThan(85.0);
    }

    @Test
    void accuracyCurvesNeedAnOnnxModel() {
        TradeoffJob.Accuracy data = new TradeoffJob.Accuracy(HOME.resolve("workloads/mnist"), 4, 8, 10);
        assertThatThrownBy(() -> TradeoffJob.run(new TradeoffJob.Settings(ARCH, List.of(), dir.resolve("gauss.yaml"),
                List.of(Encoding.HESE), List.of(16), List.of(6), List.of(), List.of(), data), done -> { }))
                .isInstanceOf(BadInputException.class).hasMessageContaining("accuracy curves (--data) need an ONNX model");
    }

    private static TradeoffJob.Point point(TradeoffJob.Result r, Integer k) {
        return r.points().stream().filter(p -> java.util.Objects.equals(p.setting().budget(), k)).findFirst().orElseThrow();
    }
}
