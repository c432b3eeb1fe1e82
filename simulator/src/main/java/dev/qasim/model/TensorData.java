package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.workload.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Data sets as NumPy arrays: an {@code .npz} archive (np.savez, np.savez_compressed) or a folder of {@code .npy}
 * files, holding {@code x} and optionally {@code y} (one pool of samples), or {@code x_train}, {@code y_train},
 * {@code x_test}, {@code y_test} (a train and a test split, as keras.datasets saves them). {@code x}: samples on the
 * first axis, each in the model's input layout (its values in row-major order, their count the model input's per
 * sample), any numeric dtype, taken as they are. {@code y}: integer classes, shape [N] or [N, 1], N as x's. Without
 * {@code y} the samples have no labels (validate then compares outputs with the float model).
 */
final class TensorData {
    private TensorData() {}

    /** Reads an .npz archive. */
    static Dataset npz(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                String name = e.getName();
                if (name.endsWith(".npy") && !e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        entries.put(name.substring(0, name.length() - 4), in.readAllBytes());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw BadInputException.of(file.toString(), "", null, "file not found");
        } catch (ZipException e) {
            throw BadInputException.of(file.toString(), "", null, "is not a readable .npz archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw BadInputException.of(file.toString(), "", null, "cannot read the archive (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw BadInputException.of(file.toString(), "", null, "the archive is too large to read");
        }
        return dataset(file, entries, name -> file + "[" + name + ".npy]");
    }

    /** Reads a folder of .npy files (x.npy and y.npy, or the _train and _test ones). */
    static Dataset folder(Path folder) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : new String[] {"x", "y", "x_train", "y_train", "x_test", "y_test"}) {
            Path f = folder.resolve(name + ".npy");
            if (Files.isRegularFile(f)) {
                try {
                    entries.put(name, Files.readAllBytes(f));
                } catch (IOException e) {
                    throw BadInputException.of(f.toString(), "", null, "cannot read the file (" + e.getMessage() + ")");
                } catch (OutOfMemoryError e) {
                    throw BadInputException.of(f.toString(), "", null, "the file is too large to read");
                }
            }
        }
        return dataset(folder, entries, name -> folder.resolve(name + ".npy").toString());
    }

    private static Dataset dataset(Path source, Map<String, byte[]> entries, java.util.function.Function<String, String> where) {
        boolean pool = entries.containsKey("x");
        boolean splits = entries.containsKey("x_test");
        if (pool == splits) {
            throw BadInputException.of(source.toString(), "", entries.keySet().toString(), pool ? "holds both x and x_test: give one "
                    + "pool (x, y) or a train and a test split (x_train, y_train, x_test, y_test)"
                    : "holds no array x (or x_test): arrays x (samples) and y (integer labels), or x_train, y_train, x_test, y_test");
        }
        Problems problems = new Problems();
        if (pool) {
            Dataset.Split all = split(entries, "x", "y", where, problems);
            problems.throwIfAny();
            return new Dataset(source, all, null, false, true);
        }
        Dataset.Split test = split(entries, "x_test", "y_test", where, problems);
        Dataset.Split train = entries.containsKey("x_train") ? split(entries, "x_train", "y_train", where, problems) : null;
        problems.throwIfAny();
        if (train != null && !Arrays.equals(train.sampleShape(), test.sampleShape())) {
            throw BadInputException.of(where.apply("x_train"), "", Arrays.toString(train.sampleShape()), "its samples must have "
                    + "x_test's shape " + Arrays.toString(test.sampleShape()));
        }
        return new Dataset(source, test, train, false, false);
    }

    /** One split's samples and labels, every problem recorded. */
    private static Dataset.Split split(Map<String, byte[]> entries, String xName, String yName,
                                       java.util.function.Function<String, String> where, Problems problems) {
        Npy.Array x;
        try {
            x = Npy.array(entries.get(xName), where.apply(xName));
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
        if (x.shape().length < 1 || x.shape()[0] < 1) {
            problems.add(where.apply(xName), "", Arrays.toString(x.shape()), "needs samples on its first axis (shape [N, ...], N >= 1)");
            return null;
        }
        int n = x.shape()[0];
        byte[] yBytes = entries.get(yName);
        if (yBytes == null) {
            return new Dataset.ArraySplit(x, null, where.apply(xName));
        }
        Npy.Array y;
        try {
            y = Npy.array(yBytes, where.apply(yName));
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
        int[] ys = y.shape();
        if (ys.length == 0 || ys.length > 2 || ys.length == 2 && ys[1] != 1 || ys[0] != n) {
            problems.add(where.apply(yName), "", Arrays.toString(ys), xName + " holds " + n + " samples " + Arrays.toString(x.shape())
                    + ": the labels must be [" + n + "] or [" + n + ", 1], one class per sample");
            return null;
        }
        if (y.dtype().real()) {
            problems.add(where.apply(yName), "", y.dtype().name().toLowerCase(java.util.Locale.ROOT), "the labels must be integer classes "
                    + "(an integer dtype such as int64); for a model that is not a classifier leave y out");
            return null;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            long v = y.integer(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                problems.add(where.apply(yName), "[" + i + "]", Long.toString(v), "labels must be classes from 0");
                return null;
            }
            labels[i] = (int) v;
        }
        return new Dataset.ArraySplit(x, labels, where.apply(yName));
    }
}
