package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: the report.json of every shipped workload on the default architecture, and of small workloads on
 * every shipped architecture, dataflow and overflow policy, as they were when the file was recorded
 * ({@code simulator/src/test/resources/golden/NAME.json.gz}, gzipped JSON). A report must hold every key of its
 * golden file with exactly the same value (new keys are allowed: features add keys; a changed or dropped value is
 * a regression unless the golden file is recorded again on purpose, with {@code -Dgolden.record=true}, and the
 * change explained in the commit). The keys a golden file has keep their order (report.json's bytes stay the
 * same but for new keys). Provenance that differs between runs by nature (start time, Java version, the command
 * line's paths) is left out, and so is the config hash of a workload that reads .npy files: it hashes their absolute
 * paths, so it depends on the folder the project was checked out in.
 */
class GoldenReportsTest {
    static final Path GOLDEN = HOME.resolve("simulator/src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path dir;

    /** One recorded run: its golden file's name, and the run's arguments after {@code run}. */
    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (String w : List.of("gemm-64", "conv-28x28x16", "mlp-784-512-512-10", "npy-example", "bert-base-encoder",
                "resnet18", "mobilenetv2", "resnet50", "vgg16")) {
            runs.add(run("tpu-like-int8-" + w, "tpu-like-int8", "workloads/" + w + ".yaml"));
        }
        runs.add(run("tpu-like-int8-scalesim-resnet18", "tpu-like-int8", "workloads/scalesim-resnet18.csv",
                "--set", "array.overlapFolds=false"));
        runs.add(run("tpu-like-int8-mlp-onnx", "tpu-like-int8", "workloads/models/mlp-784-512-512-10-mnist.onnx"));
        runs.add(run("tpu-like-int8-cnn-onnx", "tpu-like-int8", "workloads/models/cnn-fashion-mnist.onnx"));
        for (String arch : List.of("edge-os-16x16", "tr-fpga-64x128")) {
            for (String w : List.of("gemm-64", "conv-28x28x16", "mlp-784-512-512-10", "npy-example")) {
                runs.add(run(arch + "-" + w, arch, "workloads/" + w + ".yaml"));
            }
        }
        runs.add(run("lsq-int4-acc16-gemm-w4a4", "lsq-int4-acc16", "simulator/src/test/resources/golden/gemm-w4a4.yaml"));
        for (String flow : List.of("os", "is")) {
            runs.add(run("tr-fpga-64x128-conv-" + flow, "tr-fpga-64x128", "workloads/conv-28x28x16.yaml",
                    "--set", "array.dataflow=" + flow));
            runs.add(run("tpu-like-int8-conv-" + flow + "-parity", "tpu-like-int8", "workloads/conv-28x28x16.yaml",
                    "--set", "array.dataflow=" + flow, "--set", "array.overlapFolds=false"));
        }
        runs.add(run("tr-fpga-64x128-mlp-saturate-acc14-2pairs", "tr-fpga-64x128", "workloads/mlp-784-512-512-10.yaml",
                "--set", "pe.accumulatorBits=14", "--set", "pe.overflow=saturate", "--set", "terms.termPairsPerCycle=2"));
        for (String policy : List.of("wrap", "saturate", "trap", "widen-replay")) {
            runs.add(run("edge-os-16x16-mlp-acc16-" + policy, "edge-os-16x16", "workloads/mlp-784-512-512-10.yaml",
                    "--set", "pe.overflow=" + policy));
            runs.add(run("tpu-like-int8-mlp-acc16-" + policy, "tpu-like-int8", "workloads/mlp-784-512-512-10.yaml",
                    "--set", "pe.accumulatorBits=16", "--set", "pe.datapathBits=32", "--set", "pe.overflow=" + policy));
        }
        return runs.stream();
    }

    private static Arguments run(String name, String arch, String workload, String... more) {
        List<String> args = new ArrayList<>(List.of("--arch", HOME.resolve("arch-configs/" + arch + ".yaml").toString(),
                "--workload", HOME.resolve(workload).toString()));
        args.addAll(List.of(more));
        return Arguments.of(name, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void reportHoldsEveryKeyOfItsGoldenFileWithTheSameValue(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(args);
        command.addAll(List.of("--out", dir.toString(), "--format", "json"));
        CliTest.Run r = CliTest.qasim(command.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = stable(JSON.readTree(dir.resolve("report.json").toFile()), name.contains("npy-example"));
        Path golden = GOLDEN.resolve(name + ".json.gz");
        if (Boolean.getBoolean("golden.record")) {
            Files.createDirectories(GOLDEN);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(golden))) {
                JSON.writeValue(out, report);
            }
        }
        assertThat(golden).as("golden file (record it with -Dgolden.record=true)").exists();
        JsonNode expected;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(golden))) {
            expected = JSON.readTree(in);
        }
        if (name.contains("npy-example")) {
            ((ObjectNode) expected.get("provenance")).remove("configHash");
        }
        List<String> differences = new ArrayList<>();
        compare("", expected, report, differences);
        assertThat(differences).as("values that differ from " + golden.getFileName()).isEmpty();
    }

    /** The report without what differs between identical runs by nature. */
    private static JsonNode stable(JsonNode report, boolean readsFiles) {
        ObjectNode provenance = (ObjectNode) report.get("provenance");
        provenance.remove(List.of("command", "javaVersion", "startedAt"));
        if (readsFiles) {
            provenance.remove("configHash");
        }
        ((ObjectNode) report.get("workload")).remove("source");
        return report;
    }

    /**
     * Every key of {@code expected} must be in {@code actual} with an equal value, and its keys in the same order
     * (new keys may stand between them); lists must have equal length.
     */
    static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (differences.size() >= 20) {
            return;
        }
        if (actual == null) {
            differences.add(path + ": missing");
        } else if (expected.isObject() && actual.isObject()) {
            List<String> order = new ArrayList<>();
            actual.fieldNames().forEachRemaining(k -> {
                if (expected.has(k)) {
                    order.add(k);
                }
            });
            List<String> expectedOrder = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedOrder::add);
            if (order.size() == expectedOrder.size() && !order.equals(expectedOrder)) {
                differences.add(path + ": keys in the order " + order + ", recorded " + expectedOrder);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), differences);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": expected " + abbreviate(expected) + " but was " + abbreviate(actual));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
