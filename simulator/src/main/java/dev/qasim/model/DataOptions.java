package dev.qasim.model;

import dev.qasim.input.BadInputException;
import java.util.Arrays;

/**
 * How a data set is read for validate and tradeoff --data (docs/validation.md, "Data sets").
 *
 * @param testSplit        the samples evaluated (null: the documented default)
 * @param calibrationSplit the samples a float model is calibrated on (null: the documented default)
 * @param imageSize        image folders: the height and width images are resized to (null: the model input's, else
 *                         the images' own)
 * @param resize           image folders: resize the shorter side to this many pixels (aspect kept), then crop the
 *                         center to the image size, as torchvision's Resize and CenterCrop (null: resize straight
 *                         to the image size)
 * @param mean             image folders: subtracted per channel after pixel / 255 (one value, or one per channel)
 * @param std              image folders: divided per channel after subtracting the mean
 */
public record DataOptions(SampleRange testSplit, SampleRange calibrationSplit, int[] imageSize, Integer resize, double[] mean,
                          double[] std) {

    public DataOptions {
        imageSize = imageSize == null ? null : imageSize.clone();
        mean = mean == null ? new double[] {0} : mean.clone();
        std = std == null ? new double[] {1} : std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataOptions d && java.util.Objects.equals(testSplit, d.testSplit)
                && java.util.Objects.equals(calibrationSplit, d.calibrationSplit) && Arrays.equals(imageSize, d.imageSize)
                && java.util.Objects.equals(resize, d.resize) && Arrays.equals(mean, d.mean) && Arrays.equals(std, d.std);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(testSplit, calibrationSplit, Arrays.hashCode(imageSize), resize, Arrays.hashCode(mean),
                Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "DataOptions[testSplit=" + testSplit + ", calibrationSplit=" + calibrationSplit + ", imageSize="
                + Arrays.toString(imageSize) + ", resize=" + resize + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }

    /** The defaults: documented splits, images at the model's size, pixel / 255. */
    public static DataOptions defaults() {
        return new DataOptions(null, null, null, null, null, null);
    }

    /** The mean of channel c. */
    double mean(int c) {
        return mean[mean.length == 1 ? 0 : c];
    }

    /** The standard deviation of channel c. */
    double std(int c) {
        return std[std.length == 1 ? 0 : c];
    }

    /** An image size {@code N} or {@code HxW}, 1 to 65536 each. */
    public static int[] parseSize(String text, String option) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (parts.length > 2 || !Arrays.stream(parts).allMatch(p -> p.strip().matches("\\d{1,5}"))) {
            throw BadInputException.of(option, "", text, "must be a size N or HxW (pixels), such as 224 or 28x28");
        }
        int h = Integer.parseInt(parts[0].strip());
        int w = Integer.parseInt(parts[parts.length - 1].strip());
        if (h < 1 || w < 1 || h > 65536 || w > 65536) {
            throw BadInputException.of(option, "", text, "sizes must be 1 to 65536 pixels");
        }
        return new int[] {h, w};
    }

    /** Per-channel values {@code 0.5} or {@code 0.485,0.456,0.406}: one value or three, finite. */
    public static double[] parseChannels(String text, String option, boolean positive) {
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                v[i] = Double.NaN;
            }
            if (!Double.isFinite(v[i]) || positive && v[i] <= 0) {
                throw BadInputException.of(option, "", text, "must be one number or one per channel (R,G,B), "
                        + (positive ? "each greater than 0" : "each finite") + ", such as " + (positive ? "0.229,0.224,0.225" : "0.485,0.456,0.406"));
            }
        }
        if (v.length != 1 && v.length != 3) {
            throw BadInputException.of(option, "", text, "must be one number or three (R,G,B)");
        }
        return v;
    }
}
