/**
 * Renderers of a {@link org.mlgate.scan.ScanReport}: every output format is produced from that one typed
 * model, never from another rendering.
 *
 * <ul>
 * <li>{@link org.mlgate.scan.report.TextReport}: for people; one block per file (verdict, path, format,
 *     SHA-256, findings with severity, rule, location, message and remediation, problems), one line per
 *     SAFE file, and the summary {@code N files: X safe, Y unsafe, Z error}. Text taken from scanned
 *     files is escaped so it cannot drive the terminal.</li>
 * <li>{@link org.mlgate.scan.report.JsonReport}: mlgate's machine-readable format
 *     {@code mlgate-scan-report/v2} (snake_case), serialized by Jackson from records; its JSON Schema ships as the
 *     resource {@code org/mlgate/scan/report/scan-report.schema.json}.</li>
 * <li>{@link org.mlgate.scan.report.SarifReport}: SARIF 2.1.0 built from the records in
 *     {@link org.mlgate.scan.report.sarif}, for code-scanning dashboards.</li>
 * <li>{@link org.mlgate.scan.report.RuleListReport}: the rules and active profiles, for
 *     {@code --list-rules}.</li>
 * </ul>
 *
 * <p>{@link org.mlgate.scan.report.ReportFormat} names the formats and dispatches to the renderers. All
 * output is deterministic for a given report: no timestamps, {@code \n} line ends, a final newline.
 */
package org.mlgate.scan.report;
