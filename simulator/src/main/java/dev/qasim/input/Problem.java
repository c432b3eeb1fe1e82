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
    /** Values longer than this are cut in messages: a whole file read as one scalar must not flood the terminal, while any real path (options name files by value) stays whole. */
    static final int MAX_VALUE_CHARS = 1000;

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
            line.append(value == null ? " (missing)" : " = " + shown(value));
        } else if (value != null) {
            line.append(": ").append(shown(value));
        }
        // a key path or rule may quote the input (a node's name, a malformed header): every line break is shown, so a
        // problem stays one line
        return line.append(": ").append(rule).toString().replace("\r", "\\r").replace("\n", "\\n");
    }

    /** A value as a message shows it: one line, at most {@link #MAX_VALUE_CHARS} characters and a count of the rest. */
    static String shown(String value) {
        String line = value.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() <= MAX_VALUE_CHARS ? line
                : line.substring(0, MAX_VALUE_CHARS) + "... (" + (line.length() - MAX_VALUE_CHARS) + " more characters)";
    }

    @Override
    public String toString() {
        return message();
    }
}
