package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium for the report tests: loads a page, lets its scripts run, returns the DOM and the console.
 * Without a browser the calling test is skipped with the reason, except under CI=true, where it fails.
 */
final class Browser {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private Browser() {}

    /** The page as the browser left it, and what its console said. */
    record Page(String dom, List<String> console) {
        int attribute(String name) {
            Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    static Path find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Path.of(env);
        }
        Path found = CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        boolean ci = "true".equals(System.getenv("CI"));
        if (found == null && ci) {
            throw new AssertionError("CI=true but no Chromium is installed (.ci/run installs Debian's chromium)");
        }
        assumeTrue(found != null, "skipped: no Chromium on this machine (Debian package chromium; .ci/run installs it)");
        return found;
    }

    static Page load(Path html, Path scratch) throws IOException, InterruptedException {
        Path chromium = find();
        Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
        Path out = scratch.resolve("dom.html");
        Path err = scratch.resolve("console.txt");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                html.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
    }
}
