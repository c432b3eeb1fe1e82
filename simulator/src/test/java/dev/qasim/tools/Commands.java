package dev.qasim.tools;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's tools (bash scripts, podman) as a user would, from the tests that drive them. */
final class Commands {
    /** The checkout the tests run in (set by the POM; the tools are found relative to it). */
    static final Path HOME = Path.of(System.getProperty("qasim.home", "..")).toAbsolutePath().normalize();

    private Commands() {}

    /** How a command ended: its exit code and both streams, whole. */
    record Result(int code, String out, String err) {
        String both() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this process's environment, stdout and stderr
     * kept in files beside {@code logs} (so a long output cannot block the process); fails the test when it
     * has not ended after {@code timeoutSeconds}.
     */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, Path logs, List<String> command)
            throws IOException, InterruptedException {
        Process p = start(dir, env, logs, command);
        return finish(p, timeoutSeconds, logs, command);
    }

    static Process start(Path dir, Map<String, String> env, Path logs, List<String> command) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(logs.resolve("stdout").toFile()).redirectError(logs.resolve("stderr").toFile());
        b.environment().putAll(env);
        return b.start();
    }

    static Result finish(Process p, long timeoutSeconds, Path logs, List<String> command)
            throws IOException, InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within " + timeoutSeconds + " s; output in " + logs);
        }
        return new Result(p.exitValue(), Files.readString(logs.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("stderr"), StandardCharsets.UTF_8));
    }

    /**
     * Skips the calling test with {@code reason} when {@code present} is false, except under CI=true, where the
     * environment is expected to have it (.ci/run installs it) and the test fails instead.
     */
    static void require(boolean present, String reason) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true, but " + reason);
        }
        assumeTrue(present, reason);
    }

    /** Whether an executable of this name is on the PATH. */
    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }
}
