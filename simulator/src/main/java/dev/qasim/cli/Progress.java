package dev.qasim.cli;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.Simulator;
import dev.qasim.explore.SweepJob;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, over a run's layers, a sweep's points or any count (validate's images, tradeoff's
 * points), shown only when stderr is a terminal.
 */
final class Progress implements Simulator.Listener, SweepJob.Listener, AutoCloseable {
    private final String task;
    private ProgressBar bar;

    private Progress(String task, ProgressBar bar) {
        this.task = task;
        this.bar = bar;
    }

    /** A listener over a run's layers that shows progress on a terminal and does nothing otherwise. */
    static Progress start(String task, int layers) {
        return new Progress(task, layers < 2 ? null : bar(task, layers, " layers"));
    }

    /** A listener over a sweep's points; the bar appears when the sweep says how many points will run. */
    static Progress points(String task) {
        return new Progress(task, null);
    }

    /** A bar over {@code total} units (or an unknown number until {@link #total}), stepped by {@link #stepTo}. */
    static Progress counting(String task, long total, String unit) {
        return new Progress(task, bar(task, total, unit));
    }

    /** Sets the number of units once known. */
    void total(long n) {
        if (bar != null) {
            bar.maxHint(n);
        }
    }

    /** Moves the bar to {@code done} units. */
    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    private static ProgressBar bar(String task, long max, String unit) {
        if (System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(unit, 1).showSpeed().build();
    }

    @Override
    public void layerDone(int index, int count, LayerResult result) {
        if (bar != null) {
            bar.stepTo(index + 1);
            bar.setExtraMessage(result.name());
            if (index + 1 == count || result.trapped()) {
                bar.close(); // the run is over
            }
        }
    }

    @Override
    public void started(long toRun, long reused) {
        if (toRun > 0) {
            bar = bar(task, toRun, " points");
        }
    }

    @Override
    public void pointDone(long id, String status) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage("point " + id);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
