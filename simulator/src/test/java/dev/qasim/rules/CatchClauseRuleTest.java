package dev.qasim.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A bug must reach the user as "internal error" (exit 1), never as bad input: no catch clause in the simulator's
 * sources names an exception that signals a programming error (a null, a bad cast, an index or size out of range),
 * nor a type so wide that it catches them (RuntimeException, Exception, Throwable, Error). Cleaning up on failure
 * is done in a finally block.
 */
class CatchClauseRuleTest {
    static final Path MAIN = Path.of(System.getProperty("qasim.home", "..")).resolve("simulator/src/main/java");

    /** Exceptions no catch clause may name, by simple name. */
    static final Set<String> FORBIDDEN = Set.of("NullPointerException", "ClassCastException", "IndexOutOfBoundsException",
            "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException", "NegativeArraySizeException",
            "RuntimeException", "Exception", "Throwable", "Error");

    /** {@code catch (A | b.B e)}: the types between the parenthesis and the variable's name. */
    private static final Pattern CATCH = Pattern.compile("catch\\s*\\(\\s*(?:final\\s+)?([\\w.|\\s]+?)\\s+\\w+\\s*\\)");

    /** Each forbidden type a source text's catch clauses name, as "line N: Type". */
    static List<String> violations(String source) {
        List<String> found = new ArrayList<>();
        Matcher m = CATCH.matcher(source);
        while (m.find()) {
            int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            for (String type : m.group(1).split("\\|")) {
                String simple = type.trim().substring(type.trim().lastIndexOf('.') + 1);
                if (FORBIDDEN.contains(simple)) {
                    found.add("line " + line + ": " + type.trim());
                }
            }
        }
        return found;
    }

    @Test
    void theRuleFindsForbiddenTypesInMultiCatchesAndQualifiedNames() {
        assertThat(violations("try { x(); } catch (IllegalArgumentException | java.lang.NullPointerException e) { }\n"
                + "try { y(); }\ncatch (final RuntimeException e) { throw e; }\n"
                + "try { z(); } catch (IOException e) { } catch (ArrayIndexOutOfBoundsException\n | ArithmeticException e) { }"))
                .containsExactly("line 1: java.lang.NullPointerException", "line 3: RuntimeException",
                        "line 4: ArrayIndexOutOfBoundsException");
        assertThat(violations("catch (IOException | UncheckedIOException e) {} catch (OutOfMemoryError oom) {}")).isEmpty();
    }

    @Test
    void noCatchClauseInTheSimulatorNamesAProgrammingErrorOrAWiderType() throws IOException {
        List<String> found = new ArrayList<>();
        int files;
        try (Stream<Path> sources = Files.walk(MAIN)) {
            List<Path> java = sources.filter(p -> p.toString().endsWith(".java")).toList();
            files = java.size();
            for (Path p : java) {
                try {
                    violations(Files.readString(p)).forEach(v -> found.add(MAIN.relativize(p) + " " + v));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertThat(files).as("source files scanned").isGreaterThan(100);
        assertThat(found).as("catch clauses naming a programming error (use finally to clean up)").isEmpty();
    }
}
