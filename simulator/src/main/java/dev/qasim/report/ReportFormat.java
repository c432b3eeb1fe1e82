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
        return render(report, ReportEntries.document(report));
    }

    /** The same with the report's records already built (a caller writing several formats builds them once). */
    public String render(RunReport report, ReportDocument document) {
        return renderer.render(report, document);
    }

    /** Renders a report, given as measured and as its records ({@link ReportEntries#document}), into one format. */
    interface Renderer {
        String render(RunReport report, ReportDocument document);
    }
}
