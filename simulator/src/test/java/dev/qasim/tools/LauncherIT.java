package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/qasim on a copy of the project (sources, POMs, the Checkstyle rules the build checks, arch-configs, the
 * launcher and the jar this build made): launchers started at once on sources newer than the jar run Maven once,
 * under either lock protocol, and QASIM_NO_BUILD=1 never builds. The builds are real (Maven on the copy, offline
 * from the local repository).
 */
class LauncherIT {
    private static final String BUILDING = "qasim: building the simulator";

    @TempDir
    Path copy;

    private Path jar;
    private Path source;

    @BeforeEach
    void copyTheProject() throws IOException {
        for (String part : List.of("pom.xml", "simulator/pom.xml", "simulator/checkstyle.xml", "simulator/src/main", "arch-configs",
                "tools/qasim")) {
            copyTree(Commands.HOME.resolve(part), copy.resolve(part));
        }
        jar = copy.resolve("simulator/target/qasim.jar");
        copyTree(Commands.HOME.resolve("simulator/target/qasim.jar"), jar);
        // the copy's sources, folders and POMs are older than its jar, as in a checkout that was built
        Instant old = Files.getLastModifiedTime(jar).toInstant().minusSeconds(3600);
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path f : files.filter(f -> !f.equals(jar)).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(old));
            }
        }
        source = copy.resolve("simulator/src/main/java/dev/qasim/cli/Main.java");
    }

    @Test
    void theCopyIsUpToDateSoTheLauncherRunsItsJarWithoutBuilding() throws Exception {
        Commands.Result r = launcher(Map.of(), "plain", "--version");
        assertThat(r.code()).as(r.both()).isZero();
        assertThat(r.out()).startsWith("qasim ");
        assertThat(r.err()).doesNotContain(BUILDING);
        assertThat(copy.resolve("simulator/target/classes")).doesNotExist();
    }

    @Test
    void noBuildRunsTheJarAsItIsWhenTheSourcesAreNewer() throws Exception {
        FileTime before = Files.getLastModifiedTime(jar);
        touch(source);
        Commands.Result r = launcher(Map.of("QASIM_NO_BUILD", "1"), "no-build", "--version");
        assertThat(r.code()).as(r.both()).isZero();
        assertThat(r.out()).startsWith("qasim ");
        assertThat(r.err()).doesNotContain(BUILDING);
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(before);
        assertThat(copy.resolve("simulator/target/classes")).as("Maven never ran").doesNotExist();
    }

    @Test
    void noBuildWithoutAJarFailsNamingTheJarAndBuildsNothing() throws Exception {
        Files.delete(jar);
        Commands.Result r = launcher(Map.of("QASIM_NO_BUILD", "1"), "no-jar", "--version");
        assertThat(r.code()).as(r.both()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("qasim: QASIM_NO_BUILD=1 but " + jar.getParent().toRealPath().resolve("qasim.jar")
                + " does not exist; build it once (tools/qasim --version without QASIM_NO_BUILD, or mvn -B package)");
        assertThat(jar).doesNotExist();
        assertThat(copy.resolve("simulator/target/classes")).doesNotExist();
    }

    @Test
    void eightLaunchersStartedAtOnceOnNewerSourcesRunMavenOnceUnderFlock() throws Exception {
        assertOneBuildForConcurrentLaunchers(8, Map.of());
    }

    @Test
    void theLockFolderProtocolTakesOverADeadOwnersLockAndAlsoBuildsOnce() throws Exception {
        // a build killed midway left its lock folder; its owner (this host, a finished process) is dead
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path folder = Files.createDirectories(copy.resolve("simulator/target/.qasim-build.lock.d"));
        Files.writeString(folder.resolve("owner"), hostname() + " " + dead.pid() + "\n");
        assertOneBuildForConcurrentLaunchers(3, Map.of("QASIM_BUILD_LOCK", "dir"));
        assertThat(folder).as("the lock folder is removed after the build").doesNotExist();
    }

    private void assertOneBuildForConcurrentLaunchers(int launchers, Map<String, String> env) throws Exception {
        touch(source);
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        Path launcher = copy.resolve("tools/qasim");
        for (int i = 0; i < launchers; i++) {
            Path log = copy.resolve("logs/" + i);
            logs.add(log);
            started.add(Commands.start(copy, env, log, List.of(launcher.toString(), "--version")));
        }
        int builds = 0;
        for (int i = 0; i < launchers; i++) {
            Commands.Result r = Commands.finish(started.get(i), 900, logs.get(i), List.of("tools/qasim", "--version"));
            assertThat(r.code()).as("launcher %d: %s", i, r.both()).isZero();
            assertThat(r.out()).as("launcher %d", i).startsWith("qasim ");
            builds += (int) r.err().lines().filter(l -> l.startsWith(BUILDING)).count();
        }
        assertThat(builds).as("Maven runs").isEqualTo(1);
        assertThat(Files.getLastModifiedTime(jar)).isGreaterThan(Files.getLastModifiedTime(source));
    }

    private Commands.Result launcher(Map<String, String> env, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(copy.resolve("tools/qasim").toString()));
        command.addAll(List.of(args));
        return Commands.run(copy, env, 900, copy.resolve("logs/" + name), command);
    }

    private static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    }

    private static String hostname() throws Exception {
        Process p = new ProcessBuilder("hostname").start();
        String name = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return name;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
