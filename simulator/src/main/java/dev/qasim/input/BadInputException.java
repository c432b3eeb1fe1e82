package dev.qasim.input;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input is wrong (exit code 2). Carries every problem found, each printed on its own line;
 * never a stack trace for the user.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public BadInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a BadInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static BadInputException of(String source, String keyPath, String value, String rule) {
        return new BadInputException(List.of(new Problem(source, keyPath, value, rule)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
