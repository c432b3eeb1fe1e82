package dev.qasim.cli;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.Simulator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar over layers on stderr, shown only when stderr is a terminal. */
final class Progress implements Simulator.Listener, AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A listener that shows progress on a terminal and does nothing otherwise. */
    static Progress start(String task, int layers) {
        if (System.console() == null || layers < 2) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(layers)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" layers", 1).showSpeed().build();
        return new Progress(bar);
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
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
