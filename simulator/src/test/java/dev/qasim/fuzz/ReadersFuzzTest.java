package dev.qasim.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyTables;
import dev.qasim.explore.Shard;
import dev.qasim.explore.SweepJob;
import dev.qasim.explore.SweepOptions;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.ModelOptions;
import dev.qasim.workload.Idx;
import dev.qasim.workload.Npy;
import dev.qasim.workload.Operand;
import dev.qasim.workload.ScaleSimTopology;
import dev.qasim.workload.WorkloadLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every reader of a user's file, fuzzed: each input must end in success or in a named bad-input error (one line per
 * problem, its rule in qasim's words, no Java exception); anything else (an index, cast or null error, an out-of-memory error, a hang)
 * is a finding. One method per target, each the whole of what a new target needs beside its seed folder
 * {@code src/test/resources/dev/qasim/fuzz/ReadersFuzzTestInputs/METHOD/}. {@link ReadersFuzzingTest} fuzzes each
 * in its own JVM (Jazzer fuzzes one target per process); run one by hand with
 * {@code JAZZER_FUZZ=1 mvn -pl simulator test -Dtest=ReadersFuzzTest#onnxModel -DexcludedGroups=none}.
 */
class ReadersFuzzTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    /** The base files a grid is read against: small, so that every point of a fuzzed grid resolves quickly. */
    static final Path ARCH = HOME.resolve("arch-configs/tpu-like-int8.yaml");
    static final Path GEMM = HOME.resolve("workloads/gemm-64.yaml");

    /** A Java exception's name as its toString() or a stack trace shows it. */
    static final Pattern JAVA_EXCEPTION = Pattern.compile("\\b(?:java|javax|jdk|sun|com|org)\\.[\\w.$]*\\.[A-Z]\\w*(?:Exception|Error)\\b"
            + "|\\b(?:NullPointer|IndexOutOfBounds|ArrayIndexOutOfBounds|StringIndexOutOfBounds|ClassCast|NegativeArraySize|"
            + "NumberFormat|IllegalArgument|IllegalState|Arithmetic|UnsupportedOperation)Exception\\b");

    /** Reads one file as qasim does. */
    interface Reader {
        void read(Path file) throws IOException;
    }

    /** The folder the inputs are written into: one per process, made on first use. */
    private static Path folder;

    /**
     * Writes the input to {@code name} and reads it: a bad-input error must name its problems in lines without a Java
     * exception; any other throwable propagates (a finding).
     */
    static void check(byte[] input, String name, Reader reader) throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("qasim-fuzz");
        }
        Path file = folder.resolve(name);
        Files.write(file, input);
        try {
            reader.read(file);
        } catch (BadInputException e) {
            for (Problem p : e.problems()) {
                // one line, a rule; no Java exception's name in it (the rule may quote the input, so a word is not enough)
                String line = p.message();
                if (line.contains("\n") || p.rule().isBlank() || JAVA_EXCEPTION.matcher(p.rule()).find()) {
                    throw new AssertionError("a bad-input line that does not name the problem: " + line, e);
                }
            }
        }
    }

    @FuzzTest
    void onnxModel(byte[] input) throws IOException {
        check(input, "model.onnx", f -> ModelLoader.load(f, ModelOptions.defaults()));
    }

    @FuzzTest
    void npy(byte[] input) throws IOException {
        check(input, "tensor.npy", f -> {
            Npy.readReal(f);
            Npy.read(f, Operand.signed(8), null);
        });
    }

    @FuzzTest
    void idx(byte[] input) throws IOException {
        check(input, "images-idx3-ubyte", Idx::read);
    }

    @FuzzTest
    void architecture(byte[] input) throws IOException {
        check(input, "arch.yaml", f -> ArchLoader.load(f, List.of()));
    }

    @FuzzTest
    void workload(byte[] input) throws IOException {
        check(input, "workload.yaml", WorkloadLoader::load);
    }

    @FuzzTest
    void grid(byte[] input) throws IOException {
        check(input, "grid.yaml", f -> SweepJob.prepare(new SweepOptions(ARCH, List.of(), GEMM, f, folder.resolve("out"), 1,
                Shard.ALL, false)));
    }

    @FuzzTest
    void energyTable(byte[] input) throws IOException {
        check(input, "energy.yaml", f -> EnergyTables.load(f.toAbsolutePath().toString(), null));
    }

    @FuzzTest
    void scaleSimTopology(byte[] input) throws IOException {
        check(input, "topology.csv", ScaleSimTopology::load);
    }

    @FuzzTest
    void scaleSimConfig(byte[] input) throws IOException {
        check(input, "scale.cfg", f -> ArchLoader.load(f, List.of()));
    }

    @FuzzTest
    void timeloopProblem(byte[] input) throws IOException {
        check(input, "problem.yaml", WorkloadLoader::load);
    }
}
