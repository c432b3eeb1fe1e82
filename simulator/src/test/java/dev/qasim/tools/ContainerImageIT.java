package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image (mvn -B -Pimage verify builds target/qasim-image.tar, then runs this test) loaded into
 * podman: the demo run in it gives the same results as the jar on this machine, and the Kubernetes example's
 * Indexed Job and merge, run pod by pod as podman containers on a shared folder, give the files of an unsharded
 * sweep. Skipped with the reason without podman, except under CI=true. Only runs with the image profile.
 */
class ContainerImageIT {
    private static final Path IMAGE_TAR = Path.of(System.getProperty("qasim.image", "target/qasim-image.tar"));
    private static final Path JAR = Commands.HOME.resolve("simulator/target/qasim.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String image;

    @TempDir
    Path dir;

    /**
     * podman with the OCI runtime runc where it is installed (crun refuses hosts whose cgroups are mixed v1 and
     * v2, as on the machine this was written on) and with limits at or below a usual host's: podman's default
     * raises the open-files limit, which a container host without CAP_SYS_RESOURCE refuses.
     */
    private static List<String> podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        if (Commands.onPath("runc")) {
            command.addAll(List.of("--runtime", "runc"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> run(Path volume, String mountPoint, Map<String, String> env, List<String> args) {
        List<String> command = podman("run", "--rm", "--network=none", "--ulimit", "nofile=4096:4096", "--ulimit",
                "nproc=4096:4096", "-v", volume + ":" + mountPoint);
        env.forEach((k, v) -> command.addAll(List.of("-e", k + "=" + v)));
        command.add(image);
        command.addAll(args);
        return command;
    }

    @BeforeAll
    static void loadTheImage(@TempDir Path logs) throws Exception {
        Commands.require(Commands.onPath("podman"), "no podman on this machine (Debian package podman; .ci/run installs it)");
        assertThat(IMAGE_TAR).as("built by mvn -B -Pimage package").isRegularFile();
        Commands.Result r = Commands.run(Commands.HOME, Map.of(), 300, logs, podman("load", "-i", IMAGE_TAR.toString()));
        assertThat(r.code()).as(r.both()).isZero();
        Matcher m = Pattern.compile("Loaded image(?:\\(s\\))?: *(\\S+)").matcher(r.out() + r.err());
        assertThat(m.find()).as(r.both()).isTrue();
        image = m.group(1);
    }

    @AfterAll
    static void removeTheImage(@TempDir Path logs) throws Exception {
        if (image != null) {
            Commands.run(Commands.HOME, Map.of(), 120, logs, podman("rmi", "--force", image));
        }
    }

    @Test
    void theDemoInTheImageGivesTheResultsOfTheJarOnThisMachine() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Commands.Result inImage = Commands.run(Commands.HOME, Map.of(), 900, dir.resolve("logs/image"),
                run(out, "/out", Map.of(), List.of("demo", "--out", "/out/demo")));
        assertThat(inImage.code()).as(inImage.both()).isZero();
        Commands.Result onHost = Commands.run(Commands.HOME, Map.of(), 900, dir.resolve("logs/host"), List.of(java(),
                "-Dqasim.home=" + Commands.HOME, "-jar", JAR.toString(), "demo", "--out", dir.resolve("host").toString()));
        assertThat(onHost.code()).as(onHost.both()).isZero();

        Map<String, Path> image = files(out.resolve("demo"));
        Map<String, Path> host = files(dir.resolve("host"));
        assertThat(image.keySet()).isEqualTo(host.keySet());
        assertThat(image.keySet()).contains("resnet18/report.json", "resnet18/charts/cycles.png", "summary.md");
        for (String name : host.keySet()) {
            if (name.endsWith("report.json")) {
                // the same report but for when it started and where the shipped workload files are
                assertThat(comparableReport(image.get(name), "/qasim/")).as(name)
                        .isEqualTo(comparableReport(host.get(name), Commands.HOME + "/"));
            } else if (name.equals("summary.md")) {
                assertThat(withoutLastColumn(image.get(name))).isEqualTo(withoutLastColumn(host.get(name)));
            } else if (!name.endsWith("report.html") && !name.equals("provenance.json")) {
                // the HTML page embeds report.json, compared above; provenance.json records the command line and when
                assertThat(Files.readAllBytes(image.get(name))).as(name).isEqualTo(Files.readAllBytes(host.get(name)));
            }
        }
    }

    @Test
    void theKubernetesIndexedJobAndMergeRunAsContainersGiveTheFilesOfAnUnshardedSweep() throws Exception {
        List<String> sweep = new ArrayList<>(KubernetesManifestsTest.args(KubernetesManifestsTest.manifest("sweep-k8s-job.yaml")));
        int completions = KubernetesManifestsTest.manifest("sweep-k8s-job.yaml").at("/spec/completions").asInt();
        List<String> merge = KubernetesManifestsTest.args(KubernetesManifestsTest.manifest("sweep-k8s-merge.yaml"));
        // the manifest's arguments, with a workload small enough for a test in place of ResNet-18
        sweep.set(sweep.indexOf("--workload") + 1, "workloads/gemm-64.yaml");
        Path results = Files.createDirectories(dir.resolve("results"));
        for (int i = 0; i < completions; i++) {
            String index = Integer.toString(i);
            // what Kubernetes does: JOB_COMPLETION_INDEX in the environment, $(JOB_COMPLETION_INDEX) in the args
            List<String> args = sweep.stream().map(a -> a.replace("$(JOB_COMPLETION_INDEX)", index)).toList();
            Commands.Result pod = Commands.run(Commands.HOME, Map.of(), 300, dir.resolve("logs/pod-" + i),
                    run(results, "/results", Map.of("JOB_COMPLETION_INDEX", index), args));
            assertThat(pod.code()).as("pod %d: %s", i, pod.both()).isZero();
        }
        Commands.Result merged = Commands.run(Commands.HOME, Map.of(), 300, dir.resolve("logs/merge"),
                run(results, "/results", Map.of(), merge));
        assertThat(merged.code()).as(merged.both()).isZero();

        List<String> whole = new ArrayList<>(List.of(java(), "-Dqasim.home=" + Commands.HOME, "-jar", JAR.toString()));
        for (int i = 0; i < sweep.size(); i++) { // the same sweep on this machine, unsharded
            if (sweep.get(i).equals("--shard") || sweep.get(i).equals("--out")) {
                i++;
            } else {
                whole.add(sweep.get(i));
            }
        }
        whole.addAll(List.of("--out", dir.resolve("unsharded").toString()));
        Commands.Result host = Commands.run(Commands.HOME, Map.of(), 300, dir.resolve("logs/unsharded"), whole);
        assertThat(host.code()).as(host.both()).isZero();

        Map<String, Path> fromPods = files(results.resolve("sweep/merged"));
        Map<String, Path> unsharded = files(dir.resolve("unsharded"));
        assertThat(fromPods.keySet()).isEqualTo(unsharded.keySet()).contains("sweep.csv", "sweep.json", "sweep.md");
        for (String name : unsharded.keySet()) {
            if (!name.equals("provenance.json")) { // which command wrote the folder (a merge, a sweep), and when
                assertThat(Files.readAllBytes(fromPods.get(name))).as(name).isEqualTo(Files.readAllBytes(unsharded.get(name)));
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The files below {@code root} by their relative names, lock files aside. */
    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".sweep.lock"))
                    .forEach(f -> files.put(root.relativize(f).toString(), f));
        }
        return files;
    }

    private static String comparableReport(Path file, String home) throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(file.toFile());
        // when it started, and the command line, whose --out names the container's folder or this machine's
        ((ObjectNode) report.get("provenance")).remove(List.of("startedAt", "command"));
        return report.toString().replace(home, "QASIM_HOME/");
    }

    /** summary.md without its last column, the time each run took. */
    private static List<String> withoutLastColumn(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.startsWith("|") ? l.substring(0, l.lastIndexOf('|', l.length() - 2)) : l)
                .toList();
    }
}
