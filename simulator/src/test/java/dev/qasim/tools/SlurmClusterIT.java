package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Slurm script on a real one-node Slurm cluster: tools/cluster/test-slurm.sh starts the cluster,
 * submits the sweep as a job array of 4 shards with the merge after it, cancels a task midway, lets a merge
 * refuse an incomplete shard, resubmits the shard (it resumes), compares the merged results with an unsharded
 * run byte for byte, and lets a task run into its time limit. Skipped with the script's reason where the
 * daemons cannot start (not root, Slurm or munge not installed), except under CI=true.
 */
class SlurmClusterIT {
    /** The script's exit code when no cluster can start here. */
    private static final int CANNOT_START = 77;

    @TempDir
    Path work;

    @Test
    void theShippedSlurmScriptShardsResumesAndMergesOnARealClusterWithFaultsInjected() throws Exception {
        Path script = Commands.HOME.resolve("tools/cluster/test-slurm.sh");
        Commands.Result r = Commands.run(Commands.HOME, Map.of(), 900, work.resolve("test-output"),
                List.of(script.toString(), work.resolve("run").toString()));
        if (r.code() == CANNOT_START) {
            List<String> lines = r.err().lines().toList();
            Commands.require(false, "no Slurm cluster can start here: " + lines.get(lines.size() - 1));
        }
        assertThat(r.code()).as(r.both()).isZero();
        System.out.print(r.out()); // the figures of the run, kept in the failsafe report
        assertThat(r.out()).contains("slurm test passed", "fault scancel", "fault early merge", "resume:",
                "byte comparison", "fault time limit");
    }
}
