package dev.qasim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    /** One run of the command line: exit code and both streams. */
    record Run(int code, String out, String err) {}

    static Run qasim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    Path dir;

    @Test
    void encodePrintsHeseTermsMostSignificantFirst() {
        Run r = qasim("encode", "--scheme", "hese", "119");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("119 = +2^7 -2^4 +2^3 -2^0 (4 terms)\n");
        assertThat(qasim("encode", "1", "0", "-3").out())
                .isEqualTo("1 = +2^0 (1 term)\n0 = 0 (0 terms)\n-3 = -2^2 +2^0 (2 terms)\n");
    }

    @Test
    void encodeJsonGivesValueAndSignedTerms() {
        assertThat(qasim("encode", "--json", "119").out()).isEqualTo("[{\"value\":119,\"terms\":[128,-16,8,-1]}]\n");
        assertThat(qasim("encode", "--scheme", "booth", "--json", "1").out()).isEqualTo("[{\"value\":1,\"terms\":[2,-1]}]\n");
    }

    @Test
    void revealPrintsTheRevealedValuesOfEveryGroupInOrder() {
        assertThat(qasim("reveal", "--group", "4", "--budget", "4", "13", "5", "-3", "2").out()).isEqualTo("12 4 -4 0\n");
        assertThat(qasim("reveal", "--group", "4", "--budget", "2", "13", "5", "-3", "2", "7", "1").out()).isEqualTo("12 0 0 0 7 0\n");
    }

    @Test
    void revealJsonPrintsOneObjectPerGroup() {
        assertThat(qasim("reveal", "--json", "--group", "4", "--budget", "4", "13", "5", "-3", "2").out())
                .isEqualTo("[{\"values\":[13,5,-3,2],\"revealed\":[12,4,-4,0],\"keptTerms\":[[16,-4],[4],[-4],[]]}]\n");
    }

    @Test
    void badValuesGiveExitTwoAndOneLineEach() {
        Run r = qasim("encode", "1.5", "abc", "99999", "7");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly(
                "qasim encode: \"1.5\": not an integer",
                "qasim encode: \"abc\": not an integer",
                "qasim encode: 99999: the magnitude exceeds --bits 16 (at most 65535)");
        assertThat(qasim("encode", "--bits", "4", "16").err()).contains("exceeds --bits 4 (at most 15)");
    }

    @Test
    void badOptionsGiveExitTwoWithoutStackTrace() {
        for (String[] args : new String[][] {
                {"reveal", "--group", "0", "--budget", "1", "3"},
                {"reveal", "--group", "2", "--budget", "-1", "3"},
                {"encode", "--scheme", "octal", "3"},
                {"encode", "--bits", "0", "3"},
                {"reveal", "--budget", "1", "3"},
                {"nonsense"}}) {
            Run r = qasim(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(qasim("encode", "--scheme", "octal", "3").err()).contains("'octal' is not one of binary, booth, naf, hese");
        assertThat(qasim("reveal", "--group", "0", "--budget", "1", "3").err()).startsWith("qasim reveal: --group must be at least 1");
    }

    @Test
    void checkPrintsTheResolvedConfigurationWithDerivedLanes() {
        Run r = qasim("check", "--arch", HOME.resolve("arch-configs/tpu-like-int8.yaml").toString(), "--set", "pe.accumulatorBits=16");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("rows: 128", "dataflow: ws", "accumulatorBits: 16", "lanes: 2");
    }

    @Test
    void checkOfAMalformedFileListsEveryProblemAndExitsTwo() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "array: { rows: -1, cols: x }\npe: { overflow: boom }\nextra: 1\n");
        Run r = qasim("check", "--arch", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                bad + ": array.rows = -1: must be an integer from 1 to 4096",
                bad + ": array.cols = \"x\": must be an integer from 1 to 4096",
                bad + ": pe.overflow = \"boom\": must be one of wrap, saturate, trap, widen-replay",
                bad + ": extra = 1: unknown key; allowed here: name, clockMHz, array, pe, terms, memory, energy");
    }

    @Test
    void versionAndHelpWork() {
        assertThat(qasim("--version").out()).startsWith("qasim ");
        Run help = qasim("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("encode", "reveal", "check", "demo");
    }
}
