package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo runs on the shipped files and every output it checks is bit-exact. */
class DemoJobTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    @Test
    void demoRunsTheDefaultWorkloadsWithEveryOutputBitExactAndWritesItsReports() throws Exception {
        String summary = DemoJob.run(HOME, ReportFolder.claim("--out", dir, new RunIdentity("test", Map.of()), false,
                DemoJob.reportNames(HOME)), "test", job -> null);
        assertThat(summary).contains("resnet18", "mlp-784-512-512-10", "bert-base-encoder", "21 of 21", "3 of 3", "28 of 28");
        assertThat(dir.resolve("summary.md")).hasContent(summary);
        for (String w : new String[] {"resnet18", "mlp-784-512-512-10", "bert-base-encoder"}) {
            JsonNode report = new ObjectMapper().readTree(dir.resolve(w).resolve("report.json").toFile());
            for (JsonNode layer : report.get("layers")) {
                assertThat(layer.get("output").get("bitExact").asBoolean()).as(w + " " + layer.get("name")).isTrue();
            }
            assertThat(Files.exists(dir.resolve(w).resolve("report.csv"))).isTrue();
            assertThat(Files.exists(dir.resolve(w).resolve("report.md"))).isTrue();
            assertThat(report.get("totals").get("energyPj").asDouble()).isPositive();
        }
        // the demo's HTML page renders in the browser, every chart laid out, nothing on the console
        Browser.Page page = Browser.load(dir.resolve("resnet18").resolve("report.html"), dir);
        assertThat(page.console()).isEmpty();
        assertThat(page.attribute("data-charts-rendered")).isEqualTo(page.attribute("data-charts-expected")).isPositive();
    }
}
