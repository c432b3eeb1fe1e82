package dev.qasim.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aMessageIsOneLineNamingFileKeyValueAndRule() {
        assertThat(new Problem("a.yaml", "pe.accumulatorBits", "70", "must be an integer from 2 to 64").message())
                .isEqualTo("a.yaml: pe.accumulatorBits = 70: must be an integer from 2 to 64");
        assertThat(new Problem("a.yaml", "array.rows", null, "required").message()).isEqualTo("a.yaml: array.rows (missing): required");
    }

    @Test
    void aHugeOrMultiLineValueIsCutToOneShortLine() {
        String huge = "x".repeat(5_000_000);
        String message = new Problem("big.yaml", "", huge, "must be a mapping").message();
        assertThat(message).hasSizeLessThan(Problem.MAX_VALUE_CHARS + 100).isEqualTo("big.yaml: " + "x".repeat(Problem.MAX_VALUE_CHARS)
                + "... (" + (5_000_000 - Problem.MAX_VALUE_CHARS) + " more characters): must be a mapping");
        String path = "/tmp/" + "d".repeat(300) + "/file";
        assertThat(new Problem("--out", "", path, "is a file").message()).isEqualTo("--out: " + path + ": is a file");
        assertThat(new Problem("t.yaml", "energy.table", "root:x:0:0\ndaemon:x:1:1", "not a table").message())
                .isEqualTo("t.yaml: energy.table = root:x:0:0\\ndaemon:x:1:1: not a table").doesNotContain("\n");
    }
}
