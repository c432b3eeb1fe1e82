package dev.qasim.cli;

import dev.qasim.terms.Encoding;
import dev.qasim.terms.Revealed;
import dev.qasim.terms.TermRevealing;
import dev.qasim.terms.TermStatistics;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qasim demo}: the main job on the shipped defaults (what exists so far). */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the main job on the shipped defaults.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("qasim demo: term encodings and term revealing (the array engine is not built yet)");
        out.println();
        out.println("Mean terms per magnitude, computed now over every magnitude:");
        out.printf("  %-8s %10s %10s%n", "encoding", "4-bit", "8-bit");
        for (Encoding e : Encoding.values()) {
            out.printf("  %-8s %10.3f %10.3f%n", e.name().toLowerCase(java.util.Locale.ROOT),
                    TermStatistics.meanTerms(e, 4), TermStatistics.meanTerms(e, 8));
        }
        out.printf("  HESE uses more terms than NAF on %d of 256 8-bit magnitudes.%n",
                TermStatistics.moreTermsThan(Encoding.HESE, Encoding.NAF, 8));
        out.println();
        long[] group = {13, 5, -3, 2};
        for (int k = 4; k >= 2; k--) {
            Revealed r = TermRevealing.revealGroup(group, k, Encoding.HESE.encoder());
            out.printf("  reveal g=4 k=%d %s -> %s%n", k, Arrays.toString(group), Arrays.toString(r.revealed()));
        }
        return Main.OK;
    }
}
