package dev.qasim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tools/bench's pure parts: reading GNU time, medians, the table and the JSON; no timing is asserted. */
class BenchReportTest {
    private static final Revision THIS = new Revision("1111111+changes", "1".repeat(40), Path.of("/t"), false, Path.of("/t"));
    private static final Revision REV = new Revision("2222222", "2".repeat(40), Path.of("/r"), true, Path.of("/t"));
    private static final Report.Machine MACHINE = new Report.Machine("2025-01-01T00:00:00Z", 2, "Linux", "17", "1.37", 1.5, 2.0);

    private static Figure figure(String name) {
        return Figure.ALL.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static Sample ok(double wall, double rss, long points) {
        return new Sample(wall, wall * 2, rss, points, 0, "");
    }

    @Test
    void gnuTimeOutputGivesThePeakRssInMibAndUserPlusSystemSeconds() {
        double[] t = Sample.parseTime("296960 4.51 0.49\n");
        assertThat(t[0]).isEqualTo(290.0);
        assertThat(t[1]).isEqualTo(5.0);
    }

    @Test
    void gnuTimeOutputOfAFailedOrKilledCommandIsReadFromItsLastLine() {
        assertThat(Sample.parseTime("Command exited with non-zero status 2\n2048 0.10 0.02\n")[0]).isEqualTo(2.0);
        assertThat(Sample.parseTime("Command terminated by signal 9\n1024 1.00 0.00")[1]).isEqualTo(1.0);
    }

    @Test
    void gnuTimeOutputWithoutTheFormatLineIsRefusedNamingWhatItHolds() {
        assertThatThrownBy(() -> Sample.parseTime("time: cannot run qasim: No such file or directory"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot run qasim");
        assertThatThrownBy(() -> Sample.parseTime("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSweepsRateIsItsPointsOverItsWallTimeAndOtherFiguresHaveNone() {
        assertThat(ok(2.0, 100, 6).pointsPerSecond()).isEqualTo(3.0);
        assertThat(ok(2.0, 100, 0).pointsPerSecond()).isZero();
        assertThatThrownBy(() -> new Sample(1, 1, 1, 0, 0, "an error")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMedianOfAnOddNumberOfRunsIsTheMiddleOneAndOfAnEvenNumberTheMeanOfTheMiddleTwo() {
        Outcome odd = new Outcome(figure("resnet18-run"), List.of(List.of(ok(9, 300, 0), ok(1, 100, 0), ok(5, 200, 0))));
        assertThat(odd.median(0, Outcome.Measure.WALL)).isEqualTo(5.0);
        assertThat(odd.median(0, Outcome.Measure.RSS)).isEqualTo(200.0);
        Outcome even = new Outcome(figure("resnet18-run"), List.of(List.of(ok(4, 100, 0), ok(1, 100, 0), ok(2, 100, 0), ok(9, 100, 0))));
        assertThat(even.median(0, Outcome.Measure.WALL)).isEqualTo(3.0);
    }

    @Test
    void aTableAlignsNamesLeftAndNumbersRightWithoutTrailingSpaces() {
        String t = Table.align(List.of(List.of("figure", "wall s"), List.of("resnet18-run", "6.41"), List.of("vgg16-run", "38.80"), List.of("x")), 1);
        assertThat(t).isEqualTo("""
                figure        wall s
                resnet18-run    6.41
                vgg16-run      38.80
                x
                """);
    }

    @Test
    void theTableAgainstARevisionShowsBothColumnsTheirRatioAndEveryFailure() {
        Outcome run = new Outcome(figure("resnet18-run"), List.of(List.of(ok(1.0, 200, 0)), List.of(ok(4.0, 400, 0))));
        Outcome sweep = new Outcome(figure("sweep-values"), List.of(List.of(ok(2.0, 300, 6)),
                List.of(new Sample(0.5, 0.1, 50, 0, 2, "--values: unknown option"))));
        String text = new Report(MACHINE, List.of(THIS, REV), 1, List.of(run, sweep), List.of()).text();
        assertThat(text).containsPattern("figure +measure +1111111\\+changes +2222222 +ratio\n")
                .containsPattern("resnet18-run +wall s +1\\.00 +4\\.00 +0\\.25\n")
                .containsPattern(" +peak RSS MiB +200 +400 +0\\.50\n")
                .containsPattern(" +points/s +3\\.00 +failed +-\n")
                .contains("failed: sweep-values [2222222]: exit 2: --values: unknown option")
                .contains("qasim run --arch arch-configs/tpu-like-int8.yaml --workload workloads/resnet18.yaml --out TMP")
                .doesNotContain("Kernels");
    }

    @Test
    void kernelRatiosDivideRatesOfTheSameWorkAndAreLeftOutWhenAPartDidNotRun() {
        Kernels.Result fast = new Kernels.Result(Kernels.FAST, "fast", 0.5, 0.01, 1e9, "MACs/s");
        Kernels.Result plain = new Kernels.Result(Kernels.PLAIN, "plain", 1.0, 0.01, 1e9, "MACs/s");
        Kernels.Result stepped = new Kernels.Result(Kernels.STEPPED, "stepped", 0.1, 0.01, 1e7, "PE-cycles/s");
        Report r = new Report(MACHINE, List.of(THIS), 1, List.of(), List.of(fast, plain, stepped));
        assertThat(r.ratio(Kernels.FAST, Kernels.PLAIN)).isEqualTo(2.0);
        assertThat(r.ratio(Kernels.FAST, Kernels.VECTOR_ALL)).isNull();
        assertThat(r.text()).contains("fast engine / plain int8 loop: 2.00 (all cores against 1 thread)")
                .containsPattern("stepped +0\\.1000 \\+- 0\\.0100 +1\\.000e\\+08 PE-cycles/s\n")
                .doesNotContain("Vector API int8 limit").doesNotContain("Whole process");
    }

    @Test
    void theJsonHoldsEveryRunTheMediansAndNullForWhatFailedOrDidNotRun() {
        Outcome run = new Outcome(figure("resnet18-run"), List.of(List.of(ok(1.0, 200, 0), ok(3.0, 220, 0)),
                List.of(new Sample(0.5, 0.1, 50, 0, 1, "internal error"))));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = new Report(MACHINE, List.of(THIS, REV), 2, List.of(run), List.of()).json(mapper);
        assertThat(json.at("/columns/1/commit").asText()).isEqualTo("2".repeat(40));
        JsonNode cols = json.at("/wholeProcess/0/columns");
        assertThat(cols.at("/0/median/wallSeconds").asDouble()).isEqualTo(2.0);
        assertThat(cols.at("/0/runs/1/peakRssMib").asDouble()).isEqualTo(220.0);
        assertThat(cols.at("/1/ok").asBoolean()).isFalse();
        assertThat(cols.at("/1/median/wallSeconds").isNull()).isTrue();
        assertThat(cols.at("/1/runs/0/error").asText()).isEqualTo("internal error");
        assertThat(json.at("/ratios/fastOverPlain").isNull()).isTrue();
        assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    }
}
