package dev.qasim.bench;

/** A reason tools/bench cannot go on (an unknown figure name, a revision that is not a commit, ...): one line, exit 2. */
final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }
}
