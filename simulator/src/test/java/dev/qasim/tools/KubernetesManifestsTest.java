package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.qasim.report.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example (docs/examples/sweep-k8s-*.yaml) holds together: the Indexed Job's shard count is its
 * completions, every pod writes its own folder on the claimed volume, the merge lists exactly those folders,
 * all three name the same claim, the image is the one `mvn -Pimage package` builds, and the files the
 * arguments name are shipped. No cluster runs here; ContainerImageIT runs these arguments in the image.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path EXAMPLES = Commands.HOME.resolve("docs/examples");

    static JsonNode manifest(String name) throws IOException {
        return YAML.readTree(Files.readString(EXAMPLES.resolve(name)));
    }

    static JsonNode container(JsonNode job) {
        return job.at("/spec/template/spec/containers/0");
    }

    static List<String> args(JsonNode job) {
        List<String> args = new ArrayList<>();
        container(job).get("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The value after {@code option} in {@code args}. */
    static String option(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as("%s in %s", option, args).isNotNegative();
        return args.get(i + 1);
    }

    @Test
    void theIndexedJobShardsByItsCompletionsIntoOneFolderPerIndexOnTheClaimedVolume() throws IOException {
        JsonNode job = manifest("sweep-k8s-job.yaml");
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        int completions = job.at("/spec/completions").asInt();
        assertThat(completions).isPositive();
        assertThat(job.at("/spec/parallelism").asInt()).isBetween(1, completions);
        List<String> args = args(job);
        assertThat(args.get(0)).isEqualTo("sweep");
        assertThat(option(args, "--shard")).isEqualTo("auto/" + completions);
        assertThat(option(args, "--out")).isEqualTo("/results/sweep/shard-$(JOB_COMPLETION_INDEX)");
        assertThat(container(job).at("/volumeMounts/0/mountPath").asText()).isEqualTo("/results");
        for (String file : List.of(option(args, "--arch"), option(args, "--workload"), option(args, "--grid"))) {
            assertThat(Commands.HOME.resolve(file)).as("shipped and in the image under /qasim").isRegularFile();
        }
    }

    @Test
    void theMergeListsEveryShardFolderOfTheJobAndAllThreeUseTheSameClaimAndImage() throws IOException {
        JsonNode job = manifest("sweep-k8s-job.yaml");
        JsonNode merge = manifest("sweep-k8s-merge.yaml");
        JsonNode claim = manifest("sweep-k8s-pvc.yaml");
        int completions = job.at("/spec/completions").asInt();
        List<String> expected = new ArrayList<>(List.of("merge"));
        IntStream.range(0, completions).forEach(i -> expected.add("/results/sweep/shard-" + i));
        expected.addAll(List.of("--out", "/results/sweep/merged"));
        assertThat(args(merge)).isEqualTo(expected);

        assertThat(claim.at("/kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(claim.at("/spec/accessModes/0").asText()).as("pods on several nodes").isEqualTo("ReadWriteMany");
        String name = claim.at("/metadata/name").asText();
        for (JsonNode j : List.of(job, merge)) {
            assertThat(j.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo(name);
            assertThat(container(j).at("/volumeMounts/0/mountPath").asText()).isEqualTo("/results");
            assertThat(container(j).at("/image").asText()).as("the image mvn -Pimage package builds")
                    .isEqualTo("qasim:" + Version.get());
        }
    }
}
