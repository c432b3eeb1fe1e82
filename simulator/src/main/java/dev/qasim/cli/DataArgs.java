package dev.qasim.cli;

import dev.qasim.input.Problems;
import dev.qasim.model.DataOptions;
import dev.qasim.model.SampleRange;
import picocli.CommandLine.Option;

/** How a data set is split and its images read: the options validate and tradeoff --data share. */
final class DataArgs {
    static final String[] NAMES = {"--test-split", "--calibration-split", "--image-size", "--resize", "--mean", "--std"};

    @Option(names = "--test-split", paramLabel = "FROM:TO",
            description = "The samples evaluated: indices or percentages, e.g. 90%%: or 0:1000 (default: the test split; for one pool "
                    + "of samples without a train split, the last 90%%).")
    String testSplit;

    @Option(names = "--calibration-split", paramLabel = "FROM:TO",
            description = "The samples a float model calibrates on (default: the train split; for one pool, the first 10%%).")
    String calibrationSplit;

    @Option(names = "--image-size", paramLabel = "HxW",
            description = "Image folders: the size images are resized to (default: the model input's, else the images' own).")
    String imageSize;

    @Option(names = "--resize", paramLabel = "S",
            description = "Image folders: resize the shorter side to S pixels, then crop the center to the model's size "
                    + "(torchvision's Resize and CenterCrop; default: resize straight to the model's size).")
    Integer resize;

    @Option(names = "--mean", paramLabel = "M", description = "Image folders: per-channel mean subtracted after pixel / 255 "
            + "(one value, or R,G,B; default 0).")
    String mean;

    @Option(names = "--std", paramLabel = "S", description = "Image folders: per-channel standard deviation divided by after the "
            + "mean (one value, or R,G,B; default 1).")
    String std;

    /** The options as given, each checked (one problem line per bad value). */
    DataOptions options() {
        Problems problems = new Problems();
        SampleRange test = null;
        SampleRange cal = null;
        int[] size = null;
        double[] m = null;
        double[] s = null;
        try {
            test = testSplit == null ? null : SampleRange.parse(testSplit, "--test-split");
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
        }
        try {
            cal = calibrationSplit == null ? null : SampleRange.parse(calibrationSplit, "--calibration-split");
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
        }
        try {
            size = imageSize == null ? null : DataOptions.parseSize(imageSize, "--image-size");
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
        }
        if (resize != null && (resize < 1 || resize > 65536)) {
            problems.add("--resize", "", resize.toString(), "must be 1 to 65536 pixels");
        }
        try {
            m = mean == null ? null : DataOptions.parseChannels(mean, "--mean", false);
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
        }
        try {
            s = std == null ? null : DataOptions.parseChannels(std, "--std", true);
        } catch (dev.qasim.input.BadInputException e) {
            problems.addAll(e.problems());
        }
        problems.throwIfAny();
        return new DataOptions(test, cal, size, resize, m, s);
    }
}
