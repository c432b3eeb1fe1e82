package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    static RunReport report(String arch, String workload, List<String> set) {
        return RunJob.prepare(HOME.resolve(arch), set, HOME.resolve(workload), Engine.Kind.FAST, EngineOptions.defaults(),
                true, "test").execute(null, null, null);
    }

    @Test
    void theHtmlPageIsSelfContainedAndHoldsEveryChartAsInlineSvg() {
        String html = ReportFormat.HTML.render(report("arch-configs/edge-os-16x16.yaml", "workloads/mlp-784-512-512-10.yaml", List.of()));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id='chart-cycles'", "<svg id='chart-energy'",
                "<svg id='chart-overflow'", "horowitz-45nm", "fc1", "First overflow events");
        // nothing is fetched from the network (the SVG namespaces are names, not fetches)
        assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("http://www.w3.org/1999/xlink", "")
                .replace("http://www.jfree.org/jfreesvg/svg", "")).doesNotContain("http://", "https://", "<link", "src=");
    }

    @Test
    void chartsHaveStableSvgIdsAndContent() {
        RunReport r = report("arch-configs/tpu-like-int8.yaml", "workloads/gemm-64.yaml", List.of());
        String a = ChartRenderer.svg(RunCharts.of(ReportEntries.document(r)).get("cycles"), "chart-cycles");
        String b = ChartRenderer.svg(RunCharts.of(ReportEntries.document(r)).get("cycles"), "chart-cycles");
        assertThat(a).isEqualTo(b);
        assertThat(a).contains("id='chart-cycles-").doesNotContainPattern("id='_\\d");
    }

    @Test
    void runWritesChartsAsPngAndSvgNextToTheReports() throws Exception {
        RunReport r = report("arch-configs/tpu-like-int8.yaml", "workloads/gemm-64.yaml", List.of());
        ReportFiles.write(r, dir, ReportFiles.ALL, Map.of());
        for (String chart : List.of("cycles", "energy", "breakdown", "overflow")) {
            byte[] png = Files.readAllBytes(dir.resolve("charts/" + chart + ".png"));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(dir.resolve("charts/" + chart + ".svg"))).contains("<svg id='chart-" + chart + "'");
        }
        assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void theReportPageLoadsInHeadlessChromiumWithoutErrorsAndShowsEveryChart() throws Exception {
        Browser.find();
        RunReport r = report("arch-configs/edge-os-16x16.yaml", "workloads/mlp-784-512-512-10.yaml", List.of());
        ReportFiles.write(r, dir, ReportFiles.ALL, Map.of());
        Browser.Page page = Browser.load(dir.resolve("report.html"), dir);
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.attribute("data-charts-expected")).isEqualTo(4);
        assertThat(page.attribute("data-charts-rendered")).as("charts laid out by the browser").isEqualTo(4);
    }
}
