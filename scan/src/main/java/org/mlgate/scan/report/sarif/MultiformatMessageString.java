package org.mlgate.scan.report.sarif;

/** Plain text, optionally with a Markdown rendering (§3.12). */
public record MultiformatMessageString(String text, String markdown) {
    public static MultiformatMessageString text(String text) {
        return new MultiformatMessageString(text, null);
    }
}
