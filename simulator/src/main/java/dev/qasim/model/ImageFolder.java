package dev.qasim.model;

import dev.qasim.input.BadInputException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of images, one subfolder per class (torchvision's ImageFolder): the classes are the subfolders' names in
 * sorted order (class 0 first), the samples every image file below each (PNG, JPEG, BMP, GIF, TIFF by extension;
 * other files and hidden ones are ignored), sorted by path. Every file's header is read at load, so a file that is
 * not the image its name says is refused before anything runs; the pixels are decoded batch by batch.
 *
 * <p>Each image becomes a sample in the model input's layout (docs/validation.md, "Image folders"): channels as
 * the model takes them (gray replicated to RGB; RGB to gray as L = 0.299 R + 0.587 G + 0.114 B; alpha dropped),
 * resized with bilinear interpolation (half-pixel centers; when shrinking, the triangle filter widened by the
 * reduction, as PIL's antialiased bilinear), straight to the model's height and width, or with a resize of the
 * shorter side followed by a center crop; then pixel / 255, minus the mean, over the standard deviation, per channel.
 */
final class ImageFolder {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    /** How images become samples: channels, height, width, channel order. */
    record Layout(int channels, int height, int width, boolean channelsLast) {
        int size() {
            return channels * height * width;
        }

        int[] shape() {
            return channelsLast ? new int[] {height, width, channels} : new int[] {channels, height, width};
        }
    }

    /** The images of one split: files and their classes. */
    record Files(List<Path> files, int[] labels, List<String> classes) {}

    private ImageFolder() {}

    /** Whether a folder looks like an image folder: subfolders holding image files. */
    static boolean isImageFolder(Path folder) {
        for (Path sub : list(folder)) {
            if (java.nio.file.Files.isDirectory(sub) && !hidden(sub) && !images(sub).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = java.nio.file.Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw BadInputException.of(folder.toString(), "", null, "cannot list the folder (" + e.getMessage() + ")");
        }
    }

    /** The image files below a folder, sorted by path. */
    private static List<Path> images(Path folder) {
        try (Stream<Path> s = java.nio.file.Files.walk(folder)) {
            return s.filter(java.nio.file.Files::isRegularFile).filter(p -> !hidden(p)).filter(ImageFolder::isImage).sorted().toList();
        } catch (IOException e) {
            throw BadInputException.of(folder.toString(), "", null, "cannot list the folder (" + e.getMessage() + ")");
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * The classes and images of an image folder, every file's header checked.
     *
     * @throws BadInputException for a folder without classes, or a file that is not a readable image (one line naming it)
     */
    static Files scan(Path folder) {
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path sub : list(folder)) {
            if (!java.nio.file.Files.isDirectory(sub) || hidden(sub)) {
                continue;
            }
            List<Path> found = images(sub);
            if (found.isEmpty()) {
                continue; // torchvision refuses an empty class folder; qasim leaves it out, classes stay in sorted order
            }
            int c = classes.size();
            classes.add(sub.getFileName().toString());
            for (Path f : found) {
                files.add(f);
                labels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw BadInputException.of(folder.toString(), "", null, "holds no class folders of images (PNG, JPEG, BMP, GIF, TIFF)");
        }
        for (Path f : files) {
            size(f); // refuses a file that is not a readable image, before anything runs
        }
        return new Files(files, labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** An image file's width and height from its header. */
    static int[] size(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw unreadable(file, "not an image format Java reads (PNG, JPEG, BMP, GIF, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | IllegalStateException e) { // ImageIO readers may answer a malformed header so
            throw unreadable(file, e.getMessage());
        }
    }

    private static BadInputException unreadable(Path file, String why) {
        return BadInputException.of(file.toString(), "", null, "is not a readable image (" + (why == null ? "no detail" : why) + ")");
    }

    /** A decoded image: 8-bit channel values, row-major, and whether it is gray (1 channel) or RGB (3). */
    record Pixels(int width, int height, int channels, int[] values) {}

    static Pixels decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | IllegalArgumentException e) { // ImageIO decoders may answer a malformed raster so
            throw unreadable(file, e.getMessage());
        }
        if (img == null) {
            throw unreadable(file, "no image reader accepts it");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        int type = img.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            // gray images are read from the raster: getRGB would apply a gray color space's conversion
            int[] v = new int[w * h];
            int shift = type == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[y * w + x] = raster.getSample(x, y, 0) >> shift;
                }
            }
            return new Pixels(w, h, 1, v);
        }
        int[] v = new int[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                v[i] = (rgb >> 16) & 0xff;
                v[i + 1] = (rgb >> 8) & 0xff;
                v[i + 2] = rgb & 0xff;
            }
        }
        return new Pixels(w, h, 3, v);
    }

    /** One image as a sample: channels converted, resized (and cropped), normalized, in the layout's order. */
    static double[] sample(Path file, Layout layout, DataOptions options) {
        Pixels p = decode(file);
        int c = layout.channels();
        // channel conversion first, in 0..255
        double[][] planes = new double[c][p.width() * p.height()];
        for (int i = 0; i < p.width() * p.height(); i++) {
            if (p.channels() == 1) {
                for (int k = 0; k < c; k++) {
                    planes[k][i] = p.values()[i];
                }
            } else if (c == 1) {
                planes[0][i] = 0.299 * p.values()[3 * i] + 0.587 * p.values()[3 * i + 1] + 0.114 * p.values()[3 * i + 2];
            } else {
                for (int k = 0; k < 3; k++) {
                    planes[k][i] = p.values()[3 * i + k];
                }
            }
        }
        int w = p.width();
        int h = p.height();
        int cropTop = 0;
        int cropLeft = 0;
        int rw = layout.width();
        int rh = layout.height();
        if (options.resize() != null) {
            int shorter = Math.min(w, h);
            rw = w <= h ? options.resize() : (int) Math.round((double) w * options.resize() / shorter);
            rh = h <= w ? options.resize() : (int) Math.round((double) h * options.resize() / shorter);
            if (rw < layout.width() || rh < layout.height()) {
                throw BadInputException.of("--resize", "", options.resize().toString(), "resizes " + file + " to " + rw + " x " + rh
                        + ", smaller than the crop " + layout.width() + " x " + layout.height() + " the model takes");
            }
            cropTop = (int) Math.round((rh - layout.height()) / 2.0);
            cropLeft = (int) Math.round((rw - layout.width()) / 2.0);
        }
        double[] out = new double[layout.size()];
        for (int k = 0; k < c; k++) {
            double[] plane = resize(planes[k], w, h, rw, rh);
            for (int y = 0; y < layout.height(); y++) {
                for (int x = 0; x < layout.width(); x++) {
                    double v = (plane[(y + cropTop) * rw + x + cropLeft] / 255 - options.mean(k)) / options.std(k);
                    int at = layout.channelsLast() ? (y * layout.width() + x) * c + k : (k * layout.height() + y) * layout.width() + x;
                    out[at] = v;
                }
            }
        }
        return out;
    }

    /** Bilinear resampling of a plane (separable; the triangle filter widened by the reduction when shrinking). */
    static double[] resize(double[] plane, int w, int h, int nw, int nh) {
        if (w == nw && h == nh) {
            return plane;
        }
        double[] rows = new double[nw * h];
        for (int y = 0; y < h; y++) {
            resample(plane, y * w, 1, w, rows, y * nw, 1, nw);
        }
        double[] out = new double[nw * nh];
        for (int x = 0; x < nw; x++) {
            resample(rows, x, nw, h, out, x, nw, nh);
        }
        return out;
    }

    /** One line of n samples (start, stride) resampled to m samples. */
    private static void resample(double[] in, int start, int stride, int n, double[] out, int outStart, int outStride, int m) {
        double scale = (double) n / m;
        double support = Math.max(1, scale);
        for (int o = 0; o < m; o++) {
            double center = (o + 0.5) * scale;
            int lo = (int) Math.max(0, Math.floor(center - support));
            int hi = (int) Math.min(n, Math.ceil(center + support));
            double sum = 0;
            double weight = 0;
            for (int i = lo; i < hi; i++) {
                double wgt = Math.max(0, 1 - Math.abs((i + 0.5 - center) / support));
                sum += wgt * in[start + i * stride];
                weight += wgt;
            }
            out[outStart + o * outStride] = weight == 0 ? in[start + Math.min(n - 1, (int) center) * stride] : sum / weight;
        }
    }
}
