package dev.qasim.report;

/** The report formats; each is one renderer class. */
public enum ReportFormat {
    JSON("report.json", new JsonRenderer()),
    CSV("report.csv", new CsvRenderer()),
    MD("report.md", new MarkdownRenderer()),
    HTML("report.html", new HtmlRenderer()),
    /** A console table for stdout; not written as a file. */
    TABLE(null, new TableRenderer());

    private final String fileName;
    private final Renderer renderer;

    ReportFormat(String fileName, Renderer renderer) {
        this.fileName = fileName;
        this.renderer = renderer;
    }

    /** The file this format is written to, or null for stdout-only formats. */
    public String fileName() {
        return fileName;
    }

    public String render(RunReport report) {
        return renderer.render(report);
    }

    /** Renders a report into one format. */
    interface Renderer {
        String render(RunReport report);
    }
}
