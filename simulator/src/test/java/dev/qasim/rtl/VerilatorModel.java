package dev.qasim.rtl;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.qasim.config.ArchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated design of an architecture built by Verilator with the co-simulation testbench
 * (src/test/resources/rtl): one executable per configuration, built once and kept under target/rtl-cosim/,
 * named by the hash of everything that goes into it (a changed design or testbench builds anew). Every build
 * uses the same compiler flags (the configuration goes into a header), so Verilator's run-time library is
 * compiled once and linked into all of them; the model's own code is compiled without optimization, which
 * halves a 16 x 16 array's build and costs little in these short runs.
 */
final class VerilatorModel {
    private static final Path ROOT = Path.of(System.getProperty("qasim.home", "..")).resolve("simulator/target/rtl-cosim");
    private static final Map<String, VerilatorModel> BUILT = new ConcurrentHashMap<>();
    private static final List<String> TESTBENCH = List.of("tb.cpp", "tb_stationary.sv", "tb_os.sv", "tb_term.sv", "tb_term_os.sv");
    private static final List<String> MAKE_FLAGS = List.of("OPT_FAST=-O0", "OPT_SLOW=-O0", "OPT_GLOBAL=-O1");

    final RtlConfig rtl;
    final Path executable;
    /** Seconds the build took (0 when an earlier build was reused). */
    final double buildSeconds;

    private VerilatorModel(RtlConfig rtl, Path executable, double buildSeconds) {
        this.rtl = rtl;
        this.executable = executable;
        this.buildSeconds = buildSeconds;
    }

    /** The model of an architecture, built when no earlier build of the same inputs exists. */
    static synchronized VerilatorModel of(ArchConfig arch) {
        Path verilator = Tools.verilator();
        Path make = Tools.require("make", "make");
        RtlConfig rtl = RtlConfig.of(arch, arch.name());
        Map<String, String> design = RtlDesign.files(arch, new RtlSource(arch.name(), "-", List.of()), "test");
        String wrapper = rtl.term() ? (rtl.preloads() ? "tb_term" : "tb_term_os") : (rtl.preloads() ? "tb_stationary" : "tb_os");
        List<String> args = new ArrayList<>(List.of(verilator.toString(), "--cc", "--exe", "--prefix", "Vtb", "--top-module", wrapper,
                "-GR=" + rtl.rows(), "-GC=" + rtl.cols(), "-GMB=" + rtl.mulBits(), "-GP=" + rtl.accBits()));
        if (rtl.term()) {
            args.addAll(List.of("-GG=" + rtl.groupSize(), "-GK=" + rtl.groupBudget(), "-GS=" + rtl.dataTerms(), "-GEW=" + rtl.exponentBits(),
                    "-GWB=" + rtl.weightTermBits()));
            if (rtl.preloads()) {
                args.add("-GWS=" + (rtl.dataflow() == dev.qasim.config.Dataflow.WS ? 1 : 0));
            }
        } else {
            args.add("-GL=" + rtl.lanes());
        }
        if (rtl.preloads()) {
            args.add("-GRW=" + rtl.rowBits());
        }
        args.addAll(List.of("-CFLAGS", "-I.."));
        String config = "#define Q_OS " + (rtl.preloads() ? 0 : 1) + "\n#define Q_R " + rtl.rows() + "\n#define Q_C " + rtl.cols()
                + "\n#define Q_L " + rtl.lanes() + "\n#define Q_MB " + rtl.mulBits() + "\n#define Q_P " + rtl.accBits() + "\n#define Q_RW "
                + rtl.rowBits() + "\n#define Q_TERM " + (rtl.term() ? 1 : 0) + "\n#define Q_WS " + (rtl.dataflow() == dev.qasim.config.Dataflow.WS ? 1 : 0) + "\n#define Q_G " + Math.max(1, rtl.groupSize())
                + "\n#define Q_K " + Math.max(1, rtl.groupBudget()) + "\n#define Q_S " + Math.max(1, rtl.dataTerms()) + "\n#define Q_EW "
                + rtl.exponentBits() + "\n#define Q_WB " + (rtl.term() ? rtl.weightTermBits() : 1) + "\n";
        Hasher hash = Hashing.sha256().newHasher();
        args.forEach(a -> hash.putString(a, StandardCharsets.UTF_8).putByte((byte) 0));
        MAKE_FLAGS.forEach(a -> hash.putString(a, StandardCharsets.UTF_8).putByte((byte) 0));
        hash.putString(config, StandardCharsets.UTF_8);
        design.forEach((name, text) -> hash.putString(name, StandardCharsets.UTF_8).putString(text, StandardCharsets.UTF_8));
        for (String file : TESTBENCH) {
            hash.putString(resource(file), StandardCharsets.UTF_8);
        }
        String id = hash.hash().toString().substring(0, 20);
        return BUILT.computeIfAbsent(id, k -> build(rtl, args, make, config, design, wrapper, ROOT.resolve(k)));
    }

    private static VerilatorModel build(RtlConfig rtl, List<String> args, Path make, String config, Map<String, String> design,
                                        String wrapper, Path dir) {
        Path exe = dir.resolve("obj/Vtb");
        if (Files.isExecutable(exe)) {
            return new VerilatorModel(rtl, exe, 0);
        }
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : design.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            for (String file : TESTBENCH) {
                Files.writeString(dir.resolve(file), resource(file));
            }
            Files.writeString(dir.resolve("tb_config.h"), config);
            long t0 = System.nanoTime();
            List<String> verilate = new ArrayList<>(args);
            verilate.addAll(List.of("-Mdir", "obj", "tb.cpp", wrapper + ".sv"));
            verilate.addAll(design.keySet());
            run(verilate, dir, dir.resolve("verilate.log"));
            Path obj = dir.resolve("obj");
            List<String> runtime = runtimeObjects(make, obj);
            List<String> build = new ArrayList<>(List.of(make.toString(), "-f", "Vtb.mk", "-j", "2", "VM_GLOBAL_FAST=", "VM_GLOBAL_SLOW=",
                    "LOADLIBES=" + String.join(" ", runtime)));
            build.addAll(MAKE_FLAGS);
            run(build, obj, dir.resolve("make.log"));
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException("the build made no executable: " + dir);
            }
            return new VerilatorModel(rtl, exe, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Verilator's run-time library, compiled once (in the first model's folder, with its flags) and kept in
     * target/rtl-cosim/runtime-HASH (the hash of the Verilator version and the flags).
     */
    private static List<String> runtimeObjects(Path make, Path obj) throws IOException {
        String classes = Files.readString(obj.resolve("Vtb_classes.mk"));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("VM_GLOBAL_(?:FAST|SLOW) \\+= \\\\\\n((?:\\t\\S+ \\\\\\n)*)").matcher(classes);
        while (m.find()) {
            Arrays.stream(m.group(1).split("\\n")).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(s -> names.add(s.replace(" \\", "").strip() + ".o"));
        }
        Hasher hash = Hashing.sha256().newHasher();
        hash.putString(Files.readString(obj.resolve("Vtb.mk")).replaceAll("(?m)^VM_USER_.*$", ""), StandardCharsets.UTF_8);
        names.forEach(n -> hash.putString(n, StandardCharsets.UTF_8));
        MAKE_FLAGS.forEach(f -> hash.putString(f, StandardCharsets.UTF_8));
        Path dir = ROOT.resolve("runtime-" + hash.hash().toString().substring(0, 16));
        if (!names.stream().allMatch(n -> Files.isRegularFile(dir.resolve(n)))) {
            List<String> cmd = new ArrayList<>(List.of(make.toString(), "-f", "Vtb.mk", "-j", "2"));
            cmd.addAll(MAKE_FLAGS);
            cmd.addAll(names);
            run(cmd, obj, obj.resolve("../runtime.log"));
            Path tmp = Files.createTempDirectory(ROOT, "runtime");
            for (String n : names) {
                Files.move(obj.resolve(n), tmp.resolve(n));
            }
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        return names.stream().map(n -> dir.resolve(n).toAbsolutePath().toString()).toList();
    }

    private static void run(List<String> cmd, Path dir, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " did not finish in 20 minutes in " + dir);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    /**
     * Runs one layer's program and returns the testbench's trace.
     *
     * @param maxCycles the testbench stops after this many cycles ("timeout")
     */
    EdgeTrace run(String program, long maxCycles, Path scratch) throws IOException, InterruptedException {
        Path in = Files.createTempFile(scratch, "program", ".txt");
        Path out = Files.createTempFile(scratch, "trace", ".txt");
        try {
            Files.writeString(in, program);
            Process p = new ProcessBuilder(executable.toString(), in.toString(), out.toString(), Long.toString(maxCycles))
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the testbench failed (exit " + p.exitValue() + "): " + log);
            }
            return EdgeTrace.read(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    static String resource(String name) {
        try (InputStream in = VerilatorModel.class.getResourceAsStream("/rtl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
