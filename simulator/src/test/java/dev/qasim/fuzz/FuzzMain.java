package dev.qasim.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * One fuzzing run of one target, in a JVM of its own with JAZZER_FUZZ=1 (Jazzer fuzzes one target per process).
 * Arguments: the method of {@link ReadersFuzzTest}, the seconds to fuzz, libFuzzer's seed, the seconds one input may
 * take before it counts as a hang, and the folder for the generated corpus and findings. Exit 0 when no input failed.
 */
final class FuzzMain {
    private FuzzMain() {}

    public static void main(String[] args) {
        String method = args[0];
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(ReadersFuzzTest.class, method, "byte[]"))
                .configurationParameter("jazzer.internal.basedir", args[4])
                .configurationParameter("jazzer.instrument", "dev.qasim.**")
                .configurationParameter("jazzer.internal.arg.0", "fuzz-" + method)
                .configurationParameter("jazzer.internal.arg.1", "-max_total_time=" + args[1])
                .configurationParameter("jazzer.internal.arg.2", "-seed=" + args[2])
                .configurationParameter("jazzer.internal.arg.3", "-timeout=" + args[3])
                .configurationParameter("jazzer.internal.arg.4", "-print_final_stats=1")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.out, true), 30);
        System.out.println("fuzz " + method + ": " + summary.getTestsSucceededCount() + " succeeded, " + summary.getTotalFailureCount()
                + " failed, " + summary.getTestsFoundCount() + " found");
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
