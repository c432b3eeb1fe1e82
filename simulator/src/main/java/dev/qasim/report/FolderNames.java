package dev.qasim.report;

import com.google.common.base.CharMatcher;

/**
 * Default report folder names made from names in the user's files (a workload's, an architecture's, a model's):
 * such a name may hold any text, so it must not reach the file system as a path. Letters, digits, '.', '_', '+'
 * and '-' are kept; every other character ('/', '\\', spaces, ':' ...) becomes '_', and a leading '.' too, so the
 * result is one plain folder name inside the reports folder (never "..", never hidden).
 */
public final class FolderNames {
    private static final CharMatcher KEPT = CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('A', 'Z'))
            .or(CharMatcher.inRange('0', '9')).or(CharMatcher.anyOf("._+-"));
    /** Longer names are cut: most file systems allow 255 bytes per name. */
    static final int MAX_LENGTH = 200;

    private FolderNames() {}

    /** The parts joined with '-', made safe as one folder name. */
    public static String of(String... parts) {
        String safe = KEPT.negate().replaceFrom(String.join("-", parts), '_');
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.isEmpty()) {
            safe = "_";
        }
        return safe.length() > MAX_LENGTH ? safe.substring(0, MAX_LENGTH) : safe;
    }
}
