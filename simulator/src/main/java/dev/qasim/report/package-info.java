/**
 * Floor 7: report data and its formats. {@link RunReport} turns a run into the report tree of docs/reports.md
 * (every key present; energy keys null until the energy model prices the run); one class per format renders
 * it ({@link ReportFormat}); {@link ReportFiles} writes files atomically (temp file + rename).
 */
package dev.qasim.report;
