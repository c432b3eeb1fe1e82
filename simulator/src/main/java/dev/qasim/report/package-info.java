/**
 * Floor 7: report data and its formats. {@link dev.qasim.report.ReportEntries} builds the typed records of
 * report.json ({@link dev.qasim.report.ReportDocument}, {@link dev.qasim.report.LayerEntry},
 * {@link dev.qasim.report.Totals}) from a run, and is the one place that reads the engine's results;
 * {@link dev.qasim.report.ReportRows} flattens them into report.csv's and a sweep's rows; the JSON Schema in
 * docs/schema/ is generated from the same records ({@link dev.qasim.report.ReportSchema}). One class per format
 * renders a report ({@link dev.qasim.report.ReportFormat}); {@link dev.qasim.report.ReportFiles} writes files
 * atomically (temp file + rename); {@link dev.qasim.report.ReportFolder} claims a report folder for one run
 * (provenance.json, never another run's report without --overwrite) and replaces its report whole.
 */
package dev.qasim.report;
