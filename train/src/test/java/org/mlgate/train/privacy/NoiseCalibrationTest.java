package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.core.IncompleteException;

/**
 * σ for a target ε against dp_accounting's calibrate_dp_mechanism (tolerance 1e-4 for RDP, 1e-3 for PLD): our
 * answer and theirs are each within the tolerance of the exact root, so they may differ by twice it (plus the
 * vectors' 6-digit rounding). The answer must also meet the target.
 */
class NoiseCalibrationTest {
    static List<DpVectors.Row> rows() {
        return DpVectors.rows("noise_multiplier_vectors.csv");
    }

    /** The rows cheap enough for PLD calibration in every build (up to 2,250 steps). */
    static List<DpVectors.Row> shortRows() {
        return rows().stream().filter(r -> r.l("steps") <= 2250).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rdpMatchesDpAccounting(DpVectors.Row row) {
        NoiseCalibration.Result r = NoiseCalibration.noiseMultiplier(Accountant.of(AccountantKind.RDP), target(row));
        double expected = row.d("sigma_rdp_dp_accounting");
        assertThat(r.noiseMultiplier()).as("%s", row).isCloseTo(expected, within(2e-4 + 1e-5 * expected));
        assertThat(r.epsilon().value()).isLessThanOrEqualTo(row.d("target_eps"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortRows")
    void pldMatchesDpAccounting(DpVectors.Row row) {
        NoiseCalibration.Result r = NoiseCalibration.noiseMultiplier(Accountant.of(AccountantKind.PLD), target(row));
        double expected = row.d("sigma_pld_dp_accounting");
        assertThat(r.noiseMultiplier()).as("%s", row).isCloseTo(expected, within(2e-3 + 1e-5 * expected));
        assertThat(r.epsilon().value()).isLessThanOrEqualTo(row.d("target_eps"));
        assertThat(r.epsilon().accountant()).isEqualTo(AccountantKind.PLD);
    }

    @Test
    void anUnreachableTargetFailsClosed() {
        // With q = 1 and a single step, ε ≈ sqrt(2 log(1.25/δ))/σ; 1e-9 would need σ in the billions.
        CalibrationTarget t = new CalibrationTarget(1e-9, 1.0, 1, 1e-5);
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(Accountant.of(AccountantKind.RDP), t))
                .isInstanceOf(IncompleteException.class).hasMessageContaining("no noise multiplier up to");
    }

    private static CalibrationTarget target(DpVectors.Row row) {
        return new CalibrationTarget(row.d("target_eps"), row.d("q"), row.l("steps"), row.d("delta"));
    }
}
