/**
 * The subset of the SARIF 2.1.0 object model (OASIS Standard, 27 March 2020) that mlgate writes, as
 * records named after the SARIF objects; section numbers refer to the standard. Null and empty values are
 * omitted when serialized (see {@link org.mlgate.scan.report.SarifReport}), except {@link Run#results()}.
 */
package org.mlgate.scan.report.sarif;
