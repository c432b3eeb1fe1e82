package dev.qasim.input;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading one input, so the user sees all of them at once. */
public final class Problems {
    private final List<Problem> found = new ArrayList<>();

    public void add(Problem problem) {
        found.add(problem);
    }

    public void add(String source, String keyPath, String value, String rule) {
        found.add(new Problem(source, keyPath, value, rule));
    }

    public void addAll(List<Problem> problems) {
        found.addAll(problems);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(found);
    }

    /** Throws a {@link BadInputException} carrying every problem collected so far, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new BadInputException(found);
        }
    }
}
