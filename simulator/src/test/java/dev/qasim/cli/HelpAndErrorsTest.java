package dev.qasim.cli;

import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help that reads well (picocli wraps every description, whole sentences, every file written and format accepted
 * named), a mistyped command answered with the nearest, and errors named for what they are.
 */
class HelpAndErrorsTest {
    /** The commands that write a report folder. */
    static final List<String> WRITERS = List.of("demo", "run", "sweep", "merge", "tradeoff", "validate", "reproduce");

    private static String collapsed(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void everyDescriptionIsWholeSentencesThatPicocliWraps() {
        CommandLine top = QasimCommand.commandLine();
        List<String> broken = new ArrayList<>();
        List<CommandSpec> specs = new ArrayList<>(List.of(top.getCommandSpec()));
        top.getSubcommands().values().forEach(c -> specs.add(c.getCommandSpec()));
        for (CommandSpec spec : specs) {
            for (String d : spec.usageMessage().description()) {
                if (!d.strip().endsWith(".")) {
                    broken.add(spec.qualifiedName() + ": " + d);
                }
            }
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                for (String d : a.description()) {
                    if (!d.strip().endsWith(".")) {
                        broken.add(spec.qualifiedName() + " " + a.paramLabel() + ": " + d);
                    }
                }
            }
        }
        assertThat(broken).as("description lines that stop mid-sentence (a hard line break)").isEmpty();
    }

    @Test
    void everyCommandsHelpPrintsWithoutAPicocliWarning() {
        // picocli formats descriptions like String.format: a lone % makes it warn on stderr and print the text raw
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CommandLine top = QasimCommand.commandLine();
            top.getSubcommands().values().forEach(CommandLine::getUsageMessage);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @Test
    void proseIsWrappedAtSpacesNeverInsideAFileName() {
        String run = qasim("run", "--help").out();
        assertThat(run).contains("report.html", "COMPUTE_REPORT.csv", "reports/<workload>-<arch>/");
        assertThat(run.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(HelpLayout.wrap("aa bb cc", 5)).containsExactly("aa bb", "cc");
        assertThat(HelpLayout.wrap("a report.html b", 9)).containsExactly("a", "report.html", "b");
    }

    @Test
    void aCommandLineNamingACommandParsesItAloneAndItsHelpIsTheWholeCommandLinesHelp() {
        CommandLine all = QasimCommand.commandLine();
        assertThat(all.getSubcommands()).hasSize(QasimCommand.COMMANDS.size());
        all.getSubcommands().forEach((name, whole) -> {
            for (String[] args : List.of(new String[] {name, "--help"}, new String[] {"--debug", name})) {
                CommandLine one = QasimCommand.commandLine(args);
                assertThat(one.getSubcommands()).as(name).containsOnlyKeys(name);
                assertThat(one.getSubcommands().get(name).getUsageMessage()).as(name).isEqualTo(whole.getUsageMessage());
            }
        });
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"rnu"}, new String[] {"-h", "run"})) {
            assertThat(QasimCommand.commandLine(args).getSubcommands()).as(String.join(" ", args)).hasSize(QasimCommand.COMMANDS.size());
        }
    }

    @Test
    void topLevelHelpGivesEveryCommandsWholeSummary() {
        CliTest.Run help = qasim("--help");
        assertThat(help.code()).isZero();
        CommandLine top = QasimCommand.commandLine();
        top.getSubcommands().forEach((name, c) -> {
            String summary = c.getCommandSpec().usageMessage().description()[0];
            assertThat(collapsed(help.out())).as(name).contains(name + " " + collapsed(summary));
        });
        assertThat(collapsed(help.out())).contains("Exit codes: 0 success; 2 bad input", "--overwrite");
    }

    @Test
    void commandHelpNamesEveryFileWrittenAndEveryFormatTaken() {
        String run = collapsed(qasim("run", "--help").out());
        assertThat(run).contains("report.json", "report.csv", "report.md", "report.html", "charts/", "provenance.json",
                "COMPUTE_REPORT.csv", "SCALE-Sim topology CSV", "ONNX model");
        assertThat(collapsed(qasim("check", "--help").out())).contains("ONNX model", "SCALE-Sim topology CSV", "Writes no file");
        assertThat(collapsed(qasim("validate", "--help").out())).contains("ONNX", "IDX", "report.html", "provenance.json");
        assertThat(collapsed(qasim("reproduce", "--help").out())).contains("reports/reproduce/NAME/", "--limit included");
        for (String command : WRITERS) {
            String help = collapsed(qasim(command, "--help").out());
            assertThat(help).as(command).contains("--overwrite", "provenance.json");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rnu|qasim: 'rnu' is not a command; did you mean run?",
            "valdiate|qasim: 'valdiate' is not a command; did you mean validate?",
            "swep|qasim: 'swep' is not a command; did you mean sweep?",
            "re|qasim: 're' is not a command; did you mean reveal or reproduce?",
            "xyzzy|qasim: 'xyzzy' is not a command; the commands are demo, run, check, sweep, merge, tradeoff, validate, reproduce, encode, reveal, rtl, energy"})
    void aMistypedCommandNamesTheNearestAndExitsTwo(String typed, String line) {
        CliTest.Run r = qasim(typed);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(line, "Try 'qasim --help' for usage.");
    }

    @Test
    void aMistypedOptionNamesTheNearest() {
        CliTest.Run r = qasim("run", "--ouy", "x", "--arch", "a", "--workload", "w");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("qasim run: unknown option '--ouy'; did you mean --out?");
        assertThat(qasim("sweep", "--overwrit", "--arch", "a", "--workload", "w", "--grid", "g", "--out", "o").err())
                .contains("did you mean --overwrite?");
    }

    @Test
    void nearestNamesUseEditsAndPrefixes() {
        assertThat(Suggestions.distance("rnu", "run")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.nearest("merg", List.of("merge", "demo", "run"))).containsExactly("merge");
        assertThat(Suggestions.nearest("zzzz", List.of("merge", "demo", "run"))).isEmpty();
    }

    /** A command with a bug: tells Main's handling of a programming error from bad input. */
    @Command(name = "buggy", subcommands = Buggy.Fail.class)
    static final class Buggy implements Callable<Integer> {
        @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT)
        boolean debug;

        @Override
        public Integer call() {
            return 0;
        }

        @Command(name = "fail")
        static final class Fail implements Callable<Integer> {
            @Override
            public Integer call() {
                Object missing = null;
                return missing.hashCode();
            }
        }
    }

    @Test
    void aProgrammingErrorIsAnInternalErrorExitOneWithTheStackTraceOnlyUnderDebug() {
        StringWriter err = new StringWriter();
        int code = Main.run(new CommandLine(new Buggy()), new String[] {"fail"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.INTERNAL_ERROR);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("qasim: internal error: java.lang.NullPointerException");
        assertThat(lines.get(1)).isEqualTo("(run again with --debug for the stack trace, and please report it)");
        StringWriter debugErr = new StringWriter();
        assertThat(Main.run(new CommandLine(new Buggy()), new String[] {"--debug", "fail"}, new PrintWriter(new StringWriter()),
                new PrintWriter(debugErr))).isEqualTo(Main.INTERNAL_ERROR);
        assertThat(debugErr.toString()).startsWith("qasim: internal error: java.lang.NullPointerException")
                .contains("\tat dev.qasim.cli.HelpAndErrorsTest$Buggy$Fail.call");
        assertThat(debugErr.toString()).doesNotContain("bad input");
    }
}
