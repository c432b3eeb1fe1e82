package dev.qasim.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The prose of the help (a command's description and the footer) wrapped by picocli's help sections at spaces only:
 * picocli's own table wraps where {@link java.text.BreakIterator} allows, after every '.', '-' and ':', which cuts
 * file names ("report.<br>html"). Each description element is a paragraph; no description holds a hard line break.
 */
final class HelpLayout {
    private HelpLayout() {}

    /** Sets the description and footer sections of {@code cli} and of every subcommand. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraphs(help.commandSpec().usageMessage().description(), help.commandSpec().usageMessage().width()));
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> paragraphs(help.commandSpec().usageMessage().footer(), help.commandSpec().usageMessage().width()));
        cli.getSubcommands().values().forEach(HelpLayout::install);
    }

    /** Each paragraph wrapped at spaces to {@code width} columns (a word longer than that stands alone). */
    static String paragraphs(String[] paragraphs, int width) {
        StringBuilder out = new StringBuilder();
        for (String p : paragraphs) {
            for (String line : wrap(p, width)) {
                out.append(line).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    static List<String> wrap(String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
