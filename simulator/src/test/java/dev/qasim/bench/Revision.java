package dev.qasim.bench;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tree whose qasim the bench runs: this working tree, or another commit checked out with {@code git worktree
 * add --detach} into a temporary folder, its jar built there ({@code mvn -B -q -Dmaven.test.skip=true package},
 * as the launcher builds it), and the worktree removed again by {@link #close}.
 *
 * @param label    the column's heading: the short commit, with "+changes" for a working tree that differs from it
 * @param commit   the full commit (empty for a tree outside git)
 * @param tree     the tree's root
 * @param worktree whether the tree is a temporary worktree that {@link #close} removes
 * @param repo     the repository the worktree belongs to
 */
record Revision(String label, String commit, Path tree, boolean worktree, Path repo) implements AutoCloseable {

    /** The working tree at {@code root} (its jar already built by tools/bench); "this tree" outside a git repository. */
    static Revision current(Path root) throws IOException, InterruptedException {
        String commit;
        try {
            commit = git(root, "rev-parse", "HEAD");
        } catch (BenchException | IOException e) {
            return new Revision("this tree", "", root, false, root);
        }
        boolean changed = !git(root, "status", "--porcelain", "--untracked-files=no").isEmpty();
        return new Revision(commit.substring(0, 7) + (changed ? "+changes" : ""), commit, root, false, root);
    }

    /**
     * {@code rev} of the repository at {@code root}, checked out under {@code scratch} and built.
     *
     * @throws BenchException when rev names no commit or its jar does not build (the build's last lines on {@code log})
     */
    static Revision checkout(Path root, String rev, Path scratch, PrintStream log) throws IOException, InterruptedException {
        String commit;
        try {
            commit = git(root, "rev-parse", "--verify", "--quiet", rev + "^{commit}");
        } catch (BenchException e) {
            throw new BenchException("--against " + rev + ": not a commit of the repository at " + root);
        }
        Path tree = scratch.resolve("against-" + commit.substring(0, 7));
        git(root, "worktree", "add", "--detach", tree.toString(), commit);
        Revision r = new Revision(commit.substring(0, 7), commit, tree, true, root);
        log.println("bench: building the jar of " + rev + " (" + r.label() + ") in a temporary worktree, " + tree);
        Path buildLog = scratch.resolve("against-build.log");
        int exit = new ProcessBuilder("mvn", "-B", "-q", "-Dmaven.test.skip=true", "package").directory(tree.toFile())
                .redirectErrorStream(true).redirectOutput(buildLog.toFile()).start().waitFor();
        if (exit != 0 || !Files.isRegularFile(tree.resolve("simulator/target/qasim.jar"))) {
            List<String> lines = Files.readAllLines(buildLog, StandardCharsets.UTF_8);
            lines.subList(0, Math.max(0, lines.size() - 30)).clear();
            lines.forEach(log::println);
            r.close();
            throw new BenchException("--against " + rev + ": its jar did not build (exit " + exit + ", the build's last lines above)");
        }
        if (!Files.isExecutable(tree.resolve("tools/qasim"))) {
            r.close();
            throw new BenchException("--against " + rev + ": it has no tools/qasim launcher to run");
        }
        return r;
    }

    /** Removes a temporary worktree (and git's record of it); nothing for the working tree. */
    @Override
    public void close() throws IOException {
        if (!worktree || !Files.exists(tree)) {
            return; // nothing, or removed already (close runs at the end and from the shutdown hook)
        }
        try {
            git(repo, "worktree", "remove", "--force", tree.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (Files.exists(tree)) {
                MoreFiles.deleteRecursively(tree);
                prune();
            }
        }
    }

    private void prune() throws IOException {
        try {
            git(repo, "worktree", "prune");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs git in {@code dir}; its stdout, stripped. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new BenchException(String.join(" ", command) + " failed" + (err.isEmpty() ? "" : ": " + err));
        }
        return out;
    }
}
