package dev.qasim.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** NumPy files for tests, written as NumPy writes them (the .npy layout version 1.0, .npz archives of them). */
public final class NpyFiles {
    private NpyFiles() {}

    /** A .npy array's bytes (version 1.0, little endian, C order). */
    public static byte[] npy(String descr, int[] shape, ByteBuffer data) {
        StringBuilder dims = new StringBuilder("(");
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + (shape.length == 1 ? "(" + shape[0] + ",)"
                : dims.substring(0, dims.length() - 2) + ")") + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data.array());
        return b.array();
    }

    public static byte[] float64(int[] shape, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return npy("<f8", shape, b);
    }

    public static byte[] int64(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putLong(x);
        }
        return npy("<i8", new int[] {v.length}, b);
    }

    public static Path npz(Path file, String[] names, byte[]... arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i] + ".npy"));
                zip.write(arrays[i]);
                zip.closeEntry();
            }
        }
        return file;
    }
}
