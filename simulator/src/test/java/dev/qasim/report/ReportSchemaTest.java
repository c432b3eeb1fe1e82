package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * report.json of runs that fill different parts of the report validates against docs/schema/report.schema.json,
 * and the schema names every key a report has (it allows keys it does not know, so that is checked apart).
 */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = Schemas.load("report.schema.json");
    /** report.json by its run's arguments: each run once. */
    private static final Map<List<Object>, String> REPORTS = new ConcurrentHashMap<>();

    private static String reportJson(String arch, String workload, List<String> set) {
        return REPORTS.computeIfAbsent(List.of(arch, workload, set),
                k -> ReportFormat.JSON.render(HtmlReportTest.report(arch, workload, set)));
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("MAC array, values checked", "arch-configs/tpu-like-int8.yaml", "workloads/gemm-64.yaml", List.of()),
                Arguments.of("term-serial PEs with a budget", "arch-configs/tr-fpga-64x128.yaml", "workloads/gemm-64.yaml", List.of()),
                Arguments.of("bit-serial PEs", "arch-configs/tr-fpga-64x128.yaml", "workloads/gemm-64.yaml", List.of("pe.kind=bit-serial")),
                Arguments.of("a trapped layer", "arch-configs/tpu-like-int8.yaml", "workloads/mlp-784-512-512-10.yaml",
                        List.of("pe.accumulatorBits=16", "pe.datapathBits=32", "pe.overflow=trap")),
                Arguments.of("widen-replay with unlimited buffers", "arch-configs/edge-os-16x16.yaml", "workloads/mlp-784-512-512-10.yaml",
                        List.of("pe.overflow=widen-replay", "memory.ifmapSramKiB=unlimited")),
                Arguments.of("an ONNX model with post-processing", "arch-configs/tpu-like-int8.yaml",
                        "workloads/models/mlp-784-512-512-10-mnist.onnx", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void reportJsonValidatesAgainstTheShippedSchemaWhichNamesEveryKey(String what, String arch, String workload,
                                                                      List<String> set) throws IOException {
        String json = reportJson(arch, workload, set);
        assertThat(Schemas.problems(SCHEMA, json, InputFormat.JSON)).isEmpty();
        JsonNode report = JSON.readTree(json);
        List<String> unknown = new ArrayList<>();
        JsonNode schema = JSON.readTree(Schemas.read(Schemas.DIR.resolve("report.schema.json")));
        keysNotInSchema("", report, schema, schema.get("$defs"), unknown);
        assertThat(unknown).as("keys the schema does not name").isEmpty();
    }

    @Test
    void theRunsCoverTheReportsOptionalParts() throws IOException {
        JsonNode ts = JSON.readTree(reportJson("arch-configs/tr-fpga-64x128.yaml", "workloads/gemm-64.yaml", List.of()));
        assertThat(ts.at("/layers/0/termSerial/termPairs").isIntegralNumber()).isTrue();
        assertThat(ts.at("/layers/0/termSerial/costModelBudgetedPairs").isIntegralNumber()).isTrue();
        JsonNode trap = JSON.readTree(reportJson("arch-configs/tpu-like-int8.yaml", "workloads/mlp-784-512-512-10.yaml",
                List.of("pe.accumulatorBits=16", "pe.datapathBits=32", "pe.overflow=trap")));
        assertThat(trap.at("/totals/trappedLayers").asInt()).isPositive();
        JsonNode onnx = JSON.readTree(reportJson("arch-configs/tpu-like-int8.yaml", "workloads/models/mlp-784-512-512-10-mnist.onnx",
                List.of()));
        assertThat(onnx.get("postProcessing")).isNotEmpty();
        assertThat(onnx.at("/totals/postCycles").isIntegralNumber()).isTrue();
    }

    @Test
    void everyEnergyComponentOfTheRunsIsOneTheSchemaNamesInTheSameOrder() throws IOException {
        List<String> seen = new ArrayList<>();
        for (Arguments a : runs().toList()) {
            Object[] args = a.get();
            @SuppressWarnings("unchecked")
            JsonNode report = JSON.readTree(reportJson((String) args[1], (String) args[2], (List<String>) args[3]));
            List<String> components = new ArrayList<>();
            for (JsonNode layer : report.get("layers")) {
                layer.get("energyEvents").forEach(e -> {
                    if (!components.contains(e.get("component").asText())) {
                        components.add(e.get("component").asText());
                    }
                });
            }
            report.get("totals").get("energyBreakdownPj").fieldNames().forEachRemaining(c -> {
                if (!components.contains(c)) {
                    components.add(c);
                }
            });
            assertThat(ReportSchema.ENERGY_COMPONENTS).as(args[0].toString()).containsSubsequence(components);
            components.stream().filter(c -> !seen.contains(c)).forEach(seen::add);
        }
        assertThat(seen).as("the runs meet every component").containsExactlyInAnyOrderElementsOf(ReportSchema.ENERGY_COMPONENTS);
    }

    @Test
    void aReportWithAWrongTypeOrAMissingKeyIsRejected() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(reportJson("arch-configs/tpu-like-int8.yaml", "workloads/gemm-64.yaml",
                List.of()));
        ((ObjectNode) report.get("totals")).put("cycles", "many");
        ((ObjectNode) report.at("/layers/0/output")).putNull("checked");
        ((ObjectNode) report.at("/layers/0")).remove("memory");
        report.put("schemaVersion", 1.5);
        List<String> problems = Schemas.problems(SCHEMA, JSON.writeValueAsString(report), InputFormat.JSON);
        assertThat(String.join("\n", problems)).contains("/totals/cycles: string found, integer expected",
                "/layers/0/output/checked: null found, boolean expected", "/layers/0: required property 'memory' not found",
                "/schemaVersion: number found, integer expected");
    }

    /** Records every object key of {@code node} that its schema does not name in {@code properties}. */
    private static void keysNotInSchema(String path, JsonNode node, JsonNode given, JsonNode defs, List<String> out) {
        JsonNode schema = resolve(given, defs);
        if (node.isObject() && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode sub = schema.get("properties").get(e.getKey());
                if (sub == null) {
                    out.add(path + "." + e.getKey());
                } else {
                    keysNotInSchema(path + "." + e.getKey(), e.getValue(), sub, defs, out);
                }
            }
        } else if (node.isObject() && schema.has("additionalProperties")) {
            node.fields().forEachRemaining(e -> keysNotInSchema(path + "." + e.getKey(), e.getValue(),
                    schema.get("additionalProperties"), defs, out));
        } else if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                keysNotInSchema(path + "[" + i + "]", node.get(i), schema.get("items"), defs, out);
            }
        }
    }

    /** A schema with its {@code $ref} followed and a nullable {@code anyOf} unwrapped to its non-null branch. */
    private static JsonNode resolve(JsonNode schema, JsonNode defs) {
        if (schema.has("anyOf")) {
            for (JsonNode branch : schema.get("anyOf")) {
                if (!"null".equals(branch.path("type").asText())) {
                    return resolve(branch, defs);
                }
            }
        }
        if (schema.has("$ref")) {
            return defs.get(schema.get("$ref").asText().substring("#/$defs/".length()));
        }
        return schema;
    }
}
