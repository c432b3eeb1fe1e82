package dev.qasim.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bounded fuzzing run of {@code mvn -B verify}: every {@link FuzzTest} of {@link ReadersFuzzTest} is fuzzed by
 * Jazzer (coverage-guided) for {@code qasim.fuzz.seconds} (default 3) in a JVM of its own, two at a time, starting
 * from its committed seed corpus; every input must end in success or a named bad-input error. A target that fails,
 * or whose JVM has not ended five minutes after its time, fails this test with the input's file (and its Base64). The
 * inputs run per target are printed and written to target/fuzz/summary.txt.
 */
class ReadersFuzzingTest {
    static final Path TARGET = Path.of(System.getProperty("qasim.home", "..")).resolve("simulator/target/fuzz");
    static final int SECONDS = Integer.getInteger("qasim.fuzz.seconds", 3);
    /** {@code -Dqasim.fuzz.targets=idx,npy}: only these targets (default all). */
    static final String ONLY = System.getProperty("qasim.fuzz.targets", "");
    /** libFuzzer's seed: the same mutations in the same order each run (how many run in the time varies). */
    static final int SEED = 16;
    /** One input taking longer than this is a hang. */
    static final int HANG_SECONDS = 10;
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern FINAL = Pattern.compile("#\\d+\\s+DONE\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");
    private static final Pattern INITED = Pattern.compile("#\\d+\\s+INITED.*corp: (\\d+)/");

    /** One target's run: what it printed and how it ended. */
    record Outcome(String target, int exit, boolean hung, long inputs, String coverage, long seeds, String log) {
        String line() {
            return String.format("%-18s %9d inputs in %d s (initial corpus %d; %s): %s", target, inputs, SECONDS, seeds, coverage,
                    hung ? "HUNG" : exit == 0 ? "every input succeeded or was a named bad-input error" : "FAILED");
        }
    }

    @Test
    void everyReaderEndsEveryFuzzedInputInSuccessOrANamedBadInputError() throws Exception {
        List<String> targets = Arrays.stream(ReadersFuzzTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(FuzzTest.class)).map(Method::getName)
                .filter(t -> ONLY.isEmpty() || Arrays.asList(ONLY.split(",")).contains(t)).sorted().toList();
        assertThat(targets).as("fuzz targets").hasSizeGreaterThanOrEqualTo(ONLY.isEmpty() ? 8 : 1);
        Files.createDirectories(TARGET);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> runs = new ArrayList<>();
        for (String t : targets) {
            runs.add(pool.submit(() -> fuzz(t)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> r : runs) {
            outcomes.add(r.get());
        }
        pool.shutdown();
        outcomes.sort(Comparator.comparing(Outcome::target));
        StringBuilder summary = new StringBuilder("qasim fuzzing, Jazzer, " + SECONDS + " s per target, seed " + SEED + "\n");
        outcomes.forEach(o -> summary.append(o.line()).append('\n'));
        long total = outcomes.stream().mapToLong(Outcome::inputs).sum();
        summary.append(String.format("%d inputs in all%n", total));
        Files.writeString(TARGET.resolve("summary.txt"), summary);
        System.out.print(summary);
        for (Outcome o : outcomes) {
            assertThat(o.hung()).as("%s hung; its log:%n%s", o.target(), tail(o.log())).isFalse();
            assertThat(o.exit()).as("%s failed; its log:%n%s", o.target(), tail(o.log())).isZero();
            assertThat(o.inputs()).as("%s ran inputs", o.target()).isPositive();
        }
    }

    @Test
    void theHarnessTellsANamedBadInputErrorFromABug() throws Exception {
        byte[] any = {1, 2, 3};
        ReadersFuzzTest.check(any, "ok.txt", f -> {});
        ReadersFuzzTest.check(any, "bad.txt", f -> {
            throw dev.qasim.input.BadInputException.of(f.toString(), "a.b", "x", "must be an integer (quoting java.Exception is fine)");
        });
        assertThatThrownBy(() -> ReadersFuzzTest.check(any, "bug.txt", f -> {
            throw new ArrayIndexOutOfBoundsException(3);
        })).isInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ReadersFuzzTest.check(any, "disguised.txt", f -> {
            throw dev.qasim.input.BadInputException.of(f.toString(), "", null, "cannot run: java.lang.NullPointerException");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("does not name the problem");
    }

    private Outcome fuzz(String target) throws IOException, InterruptedException {
        Path log = TARGET.resolve(target + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dqasim.home=" + System.getProperty("qasim.home", ".."), FuzzMain.class.getName(), target,
                Integer.toString(SECONDS), Integer.toString(SEED), Integer.toString(HANG_SECONDS), TARGET.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAZZER_FUZZ", "1");
        Process p = pb.start();
        boolean ended = p.waitFor(SECONDS + 300L, TimeUnit.SECONDS); // a loaded machine starts a JVM slowly; an input that hangs is libFuzzer's -timeout
        if (!ended) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        long inputs = 0;
        Matcher done = DONE.matcher(text);
        while (done.find()) {
            inputs = Long.parseLong(done.group(1));
        }
        Matcher fin = FINAL.matcher(text);
        String coverage = fin.find() ? "coverage " + fin.group(1) + " edges, " + fin.group(3) + " corpus entries" : "no coverage line";
        Matcher inited = INITED.matcher(text);
        long seeds = inited.find() ? Long.parseLong(inited.group(1)) : 0;
        return new Outcome(target, ended ? p.exitValue() : -1, !ended, inputs, coverage, seeds, text);
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
