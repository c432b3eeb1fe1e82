package dev.qasim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.terms.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchLoaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("qasim.home", "..")).resolve("arch-configs");

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static List<Problem> problemsOf(Path file, List<String> overrides) {
        try {
            ArchLoader.load(file, overrides);
        } catch (BadInputException e) {
            return e.problems();
        }
        throw new AssertionError("expected " + file + " to be rejected");
    }

    @Test
    void everyShippedArchitectureLoadsAndEveryMacOneSetsDatapathBits() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("tpu-like-int8.yaml", "edge-os-16x16.yaml", "tr-fpga-64x128.yaml", "lsq-int4-acc16.yaml");
        for (Path f : files) {
            ArchConfig c = ArchLoader.load(f, List.of());
            assertThat(c.name()).isEqualTo(f.getFileName().toString().replace(".yaml", ""));
            if (c.pe().kind() == PeKind.MAC) {
                assertThat(Files.readString(f)).as(f + " sets datapathBits").contains("datapathBits:");
            }
        }
    }

    @Test
    void theDefaultArchitectureIsTheTpuLike128x128WeightStationaryInt8Array() {
        ArchConfig c = ArchLoader.load(SHIPPED.resolve("tpu-like-int8.yaml"), List.of());
        assertThat(c.array()).isEqualTo(new ArrayConfig(128, 128, Dataflow.WS, true));
        assertThat(c.pe()).isEqualTo(new PeConfig(PeKind.MAC, 8, 32, 32, OverflowPolicy.WRAP));
        assertThat(c.pe().lanes()).isEqualTo(1);
    }

    @Test
    void shippedVariantsHaveTheirDocumentedShapes() {
        ArchConfig edge = ArchLoader.load(SHIPPED.resolve("edge-os-16x16.yaml"), List.of());
        assertThat(edge.array().dataflow()).isEqualTo(Dataflow.OS);
        assertThat(edge.pe().accumulatorBits()).isEqualTo(16);
        assertThat(edge.pe().lanes()).isEqualTo(2);
        ArchConfig tr = ArchLoader.load(SHIPPED.resolve("tr-fpga-64x128.yaml"), List.of());
        assertThat(tr.pe().kind()).isEqualTo(PeKind.TERM_SERIAL);
        assertThat(tr.array().rows()).isEqualTo(64);
        assertThat(tr.array().cols()).isEqualTo(128);
        assertThat(tr.terms()).isEqualTo(new TermsConfig(Encoding.HESE, Encoding.HESE, 8, 12, 3, 1));
        ArchConfig lsq = ArchLoader.load(SHIPPED.resolve("lsq-int4-acc16.yaml"), List.of());
        assertThat(lsq.pe().multiplierBits()).isEqualTo(4);
        assertThat(lsq.pe().accumulatorBits()).isEqualTo(16);
    }

    @Test
    void lanesAreResolvedAfterOverrides() {
        ArchConfig c = ArchLoader.load(SHIPPED.resolve("tpu-like-int8.yaml"), List.of("pe.accumulatorBits=16"));
        assertThat(c.pe().lanes()).isEqualTo(2);
        c = ArchLoader.load(SHIPPED.resolve("tpu-like-int8.yaml"), List.of("pe.accumulatorBits=8"));
        assertThat(c.pe().lanes()).isEqualTo(4);
        c = ArchLoader.load(SHIPPED.resolve("tpu-like-int8.yaml"), List.of("pe.accumulatorBits=48"));
        assertThat(c.pe().lanes()).isEqualTo(1);
    }

    @Test
    void absentDatapathBitsMeansOneLaneOfTheAccumulatorsWidth() throws IOException {
        Path f = write("min.yaml", "array: {rows: 4, cols: 8}\npe: {accumulatorBits: 16}\n");
        ArchConfig c = ArchLoader.load(f, List.of());
        assertThat(c.pe().datapathBits()).isEqualTo(16);
        assertThat(c.pe().lanes()).isEqualTo(1);
        assertThat(c.name()).isEqualTo("min");
        assertThat(c.memory().dramBytesPerCycle()).isInfinite();
    }

    @Test
    void aMalformedFileReportsEveryProblemWithFileKeyPathAndValue() throws IOException {
        Path f = write("bad.yaml", String.join("\n",
                "clockMHz: fast",
                "array: { rows: -4, cols: \"eight\", dataflow: diagonal, overlapFoldz: true }",
                "pe: { accumulatorBits: 80, overflow: explode }",
                "memory: { ifmapSramKiB: 0, dramBytesPerCycle: unlimited }",
                "colour: blue", ""));
        List<Problem> problems = problemsOf(f, List.of());
        assertThat(problems).extracting(Problem::keyPath).containsExactly("clockMHz", "array.rows", "array.cols",
                "array.dataflow", "array.overlapFoldz", "pe.accumulatorBits", "pe.overflow", "memory.ifmapSramKiB", "colour");
        assertThat(problems).allSatisfy(p -> assertThat(p.source()).isEqualTo(f.toString()));
        assertThat(problems.get(0).message()).isEqualTo(f + ": clockMHz = \"fast\": must be a number greater than 0 and at most 100000");
        assertThat(problems.get(1).message()).isEqualTo(f + ": array.rows = -4: must be an integer from 1 to 4096");
        assertThat(problems.get(3).message()).endsWith("array.dataflow = \"diagonal\": must be one of os, ws, is");
        assertThat(problems.get(4).message()).endsWith("unknown key; allowed here: rows, cols, dataflow, overlapFolds");
        assertThat(problems.get(6).message()).endsWith("must be one of wrap, saturate, trap, widen-replay");
    }

    @Test
    void aDramLinkNarrowerThanOneBytePerMillionCyclesIsRefusedSoCycleCountsCannotOverflow() throws IOException {
        Path f = write("slow.yaml", "array: { rows: 8, cols: 8 }\npe: { multiplierBits: 8, accumulatorBits: 32 }\n"
                + "memory: { dramBytesPerCycle: 1e-16 }\n");
        assertThat(problemsOf(f, List.of())).extracting(Problem::message)
                .containsExactly(f + ": memory.dramBytesPerCycle = 1.0E-16: must be a number of at least 0.000001, or unlimited");
        assertThat(ArchLoader.load(f, List.of("memory.dramBytesPerCycle=0.000001")).memory().dramBytesPerCycle()).isEqualTo(1e-6);
    }

    @Test
    void missingRequiredKeysAndWrongTypesAreReported() throws IOException {
        Path f = write("m.yaml", "pe: { kind: mac, multiplierBits: 8.5, datapathBits: [32] }\nterms: { groupBudget: -1 }\n");
        List<Problem> problems = problemsOf(f, List.of());
        assertThat(problems).extracting(Problem::keyPath)
                .containsExactly("array.rows", "array.cols", "pe.multiplierBits", "pe.datapathBits", "terms.groupBudget");
        assertThat(problems.get(0).message()).isEqualTo(f + ": array.rows (missing): required: an integer from 1 to 4096");
    }

    @Test
    void overridesGoThroughTheSameValidationAndNameTheSetThatCausedTheProblem() {
        List<Problem> problems = problemsOf(SHIPPED.resolve("tpu-like-int8.yaml"),
                List.of("pe.accumulatorBits=1", "array.dataflw=os", "array.rows=8", "nonsense"));
        assertThat(problems).extracting(Problem::message).containsExactlyInAnyOrder(
                "--set nonsense: expected PATH=VALUE, e.g. pe.accumulatorBits=16",
                "--set pe.accumulatorBits=1: pe.accumulatorBits = 1: must be an integer from 2 to 64",
                "--set array.dataflw=os: array.dataflw = \"os\": unknown key; allowed here: rows, cols, dataflow, overlapFolds");
    }

    @Test
    void anOverrideThroughAScalarIsAProblemNotACrash() {
        List<Problem> problems = problemsOf(SHIPPED.resolve("tpu-like-int8.yaml"), List.of("array.rows.x=3"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("--set array.rows.x=3");
            assertThat(p.keyPath()).isEqualTo("array.rows");
        });
    }

    @Test
    void syntaxErrorsDuplicateKeysAndMissingFilesAreOneLineProblems() throws IOException {
        assertThat(problemsOf(write("s.yaml", "array: {rows: 3\n  cols: ["), List.of())).singleElement()
                .satisfies(p -> assertThat(p.rule()).startsWith("YAML syntax error at line 2"));
        assertThat(problemsOf(write("d.yaml", "array: {rows: 3, rows: 4, cols: 2}\n"), List.of())).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("Duplicate field 'rows'"));
        assertThat(problemsOf(dir.resolve("absent.yaml"), List.of())).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("file not found"));
        assertThat(problemsOf(write("e.yaml", ""), List.of())).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("empty"));
        assertThat(problemsOf(write("l.yaml", "- 1\n- 2\n"), List.of())).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("mapping"));
    }

    @Test
    void theResolvedConfigurationPrintsBackAndReloadsToTheSameRecords() throws IOException {
        for (String name : List.of("tpu-like-int8", "edge-os-16x16", "tr-fpga-64x128", "lsq-int4-acc16")) {
            ArchConfig c = ArchLoader.load(SHIPPED.resolve(name + ".yaml"), List.of("memory.dramBytesPerCycle=unlimited"));
            String yaml = ArchLoader.toYaml(c).replaceAll("(?m)^  lanes: .*\\n", "");
            ArchConfig again = ArchLoader.load(write(name + ".yaml", yaml), List.of());
            assertThat(again).isEqualTo(c);
        }
    }

    @Test
    void recordsRejectInvalidValuesEvenWhenBuiltDirectly() {
        assertThatThrownBy(() -> new ArrayConfig(0, 4, Dataflow.WS, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeConfig(PeKind.MAC, 8, 65, 32, OverflowPolicy.WRAP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryConfig(-1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
