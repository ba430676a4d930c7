package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RDP against dp_accounting's RdpAccountant: every row, ε within 0.1 % relative, the same optimal order. */
class RdpVectorsTest {
    private static final RdpAccountant RDP = new RdpAccountant(RdpConfig.DP_ACCOUNTING);
    private static final RdpAccountant LEGACY = new RdpAccountant(RdpConfig.LEGACY_BASIC);

    static List<DpVectors.Row> grid() {
        return DpVectors.rows("dp_grid_dev.csv");
    }

    static List<DpVectors.Row> published() {
        return DpVectors.rows("published_settings_check.csv");
    }

    @Test
    void vectorsArePresentOrTheSkipIsVisible() {
        DpVectors.assumePresent();
        assertThat(grid()).hasSize(40);
        assertThat(published()).hasSize(10);
    }

    @ParameterizedTest(name = "q={0}")
    @MethodSource("grid")
    void gridRowMatchesDpAccounting(DpVectors.Row row) {
        Epsilon.Rdp eps = RDP.epsilon(query(row, row.d("sigma"), row.l("steps")));
        double expected = row.d("eps_rdp_dp_accounting");
        assertThat(eps.value()).as("epsilon for %s", row).isCloseTo(expected, within(1e-3 * expected));
        assertThat(eps.order()).as("optimal order for %s", row).isEqualTo(row.d("opt_order_dp_accounting"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void publishedSettingImprovedConversion(DpVectors.Row row) {
        Epsilon.Rdp eps = RDP.epsilon(query(row, row.d("sigma"), row.l("steps")));
        double expected = row.d("eps_rdp_improved_conversion");
        assertThat(eps.value()).as("%s", row).isCloseTo(expected, within(1e-3 * expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void publishedSettingBasicConversionWithTheOldGrid(DpVectors.Row row) {
        Epsilon.Rdp eps = LEGACY.epsilon(query(row, row.d("sigma"), row.l("steps")));
        double expected = row.d("eps_rdp_basic_conversion");
        assertThat(eps.value()).as("%s", row).isCloseTo(expected, within(1e-3 * expected));
    }

    static AccountingQuery query(DpVectors.Row row, double sigma, long steps) {
        return AccountingQuery.builder().samplingRate(row.d("q")).noiseMultiplier(sigma).steps(steps)
                .delta(row.d("delta")).build();
    }
}
