/**
 * Floor 7: report data and its formats. {@link RunReport} turns a run into the report tree of interfaces.md
 * (every key present; energy keys null until the energy model prices the run); one class per format renders
 * it ({@link ReportFormat}); {@link ReportFiles} writes files atomically (temp file + rename); {@link ReportFolder}
 * claims a report folder for one run (provenance.json, never another run's report without --overwrite) and
 * replaces its report whole.
 */
package dev.qasim.report;
