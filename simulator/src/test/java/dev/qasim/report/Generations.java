package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reports of known content for the kill and full-disk tests: generation {@code g} is {@code files} files (a third in
 * charts/) of {@code bytes} bytes each, every byte a function of g and the file, so any mix of two generations shows.
 * {@link #main} writes one into a folder from another process, saying "writing" just before and "done" after.
 */
final class Generations {
    private Generations() {}

    static Map<String, byte[]> files(int generation, int files, int bytes) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            byte[] b = new byte[bytes];
            for (int j = 0; j < bytes; j++) {
                b[j] = (byte) (generation * 31 + i * 7 + j);
            }
            out.put((i % 3 == 0 ? "charts/" : "") + String.format("part-%03d.bin", i), b);
        }
        out.put("README.md", ("generation " + generation + "\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static RunIdentity identity(int generation) {
        return new RunIdentity("writer " + generation, Map.of("generation", Integer.toString(generation)));
    }

    /** Claims {@code dir} with --overwrite and writes generation {@code g} whole. */
    static void write(Path dir, int generation, int files, int bytes) {
        ReportFolder.claim("--out", dir, identity(generation), true, List.of("*")).write(files(generation, files, bytes));
    }

    /** The generation a folder holds whole (every file, every byte, its provenance), or -1 for anything else. */
    static int generationIn(Path dir, int files, int bytes, int... candidates) throws IOException {
        Map<String, byte[]> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                found.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        byte[] provenance = found.remove(ReportFolder.PROVENANCE);
        for (int g : candidates) {
            Map<String, byte[]> expected = new TreeMap<>(files(g, files, bytes));
            if (provenance != null && new String(provenance, StandardCharsets.UTF_8).contains("\"runHash\" : \"" + identity(g).hash() + "\"")
                    && expected.keySet().equals(found.keySet())
                    && expected.keySet().stream().allMatch(k -> java.util.Arrays.equals(expected.get(k), found.get(k)))) {
                return g;
            }
        }
        return -1;
    }

    /** Only the folder itself is left in its parent: no hidden sibling of a write. */
    static void assertNoSiblings(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir.getParent())) {
            assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.contains(".qasim-")).toList()).isEmpty();
        }
    }

    /** args: folder, generation, files, bytes per file. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int g = Integer.parseInt(args[1]);
        ReportFolder folder = ReportFolder.claim("--out", dir, identity(g), true, List.of("*"));
        Map<String, byte[]> content = files(g, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        System.out.println("writing");
        System.out.flush();
        long start = System.nanoTime();
        folder.write(content);
        System.out.println("done " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
    }
}
