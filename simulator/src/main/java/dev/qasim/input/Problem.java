package dev.qasim.input;

import java.util.Objects;

/**
 * One thing wrong with a user's input: where it is (the file, or the {@code --set} that supplied it), the
 * dotted key path inside it, the value found there and the rule it breaks.
 *
 * @param source  the file as the user named it, or {@code --set PATH=VALUE}, or a command-line option
 * @param keyPath dotted path of the offending key ({@code pe.accumulatorBits}); empty for the whole file
 * @param value   the offending value as written, or {@code null} when the key is missing
 * @param rule    what is allowed, in words
 */
public record Problem(String source, String keyPath, String value, String rule) {

    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(rule, "rule");
    }

    /** One line: {@code file: key.path = value: rule}; a missing key reads {@code key.path (missing)}. */
    public String message() {
        StringBuilder line = new StringBuilder(source);
        if (!keyPath.isEmpty()) {
            line.append(": ").append(keyPath);
            line.append(value == null ? " (missing)" : " = " + value);
        } else if (value != null) {
            line.append(": ").append(value);
        }
        return line.append(": ").append(rule).toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
