package dev.qasim.engine;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.EnergyConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.Operand;
import dev.qasim.workload.ValueSource;
import dev.qasim.workload.WorkloadLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * A small layer run the way a run with values runs its layers (values, the fast engine's vector kernels, the memory
 * model, the reference, the check, the term pairs), on one thread, so that the JIT compiles those loops while a
 * command is still reading its inputs on the other cores. A run's first layers otherwise run the loops interpreted
 * or barely compiled (the Vector API's uncompiled form is far slower than a plain loop) while the compilers catch
 * up. The result of the warm-up layer is of no use; a run's results never depend on it.
 */
public final class WarmUp {
    private WarmUp() {}

    /** Runs the warm-up layer (a 3x3 convolution, 32 to 64 channels on 14x14 pixels: 3.6 M MACs); returns its result. */
    public static LayerResult layer() throws InterruptedException, ExecutionException {
        ArchConfig arch = new ArchConfig("warm-up", 1000, new ArrayConfig(32, 32, Dataflow.WS, true),
                new PeConfig(PeKind.MAC, 8, 32, 32, OverflowPolicy.WRAP), new TermsConfig(Encoding.HESE, Encoding.HESE, 8, null, null, 1),
                new MemoryConfig(64, 64, 64, 16), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
        Conv2d.Axis axis = new Conv2d.Axis(14, 3, 1, 1, 1);
        Conv2d conv = new Conv2d(new LayerSpec("warm-up", Operand.signed(8), Operand.unsigned(8), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), 1, 32, 64, axis, axis, 1);
        Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), true);
        ForkJoinPool pool = new ForkJoinPool(1); // the engine's and the reference's tasks stay on this one thread
        try {
            return pool.submit(() -> sim.runLayer(conv, WorkloadLoader.values(conv))).get();
        } finally {
            pool.shutdown();
        }
    }
}
