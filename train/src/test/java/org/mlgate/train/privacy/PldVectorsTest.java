package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PLD against dp_accounting's PLDAccountant(1e-4): every row, ε within 1 % relative. */
class PldVectorsTest {
    private static final PldAccountant PLD = new PldAccountant(PldConfig.DEFAULT);

    static List<DpVectors.Row> grid() {
        return DpVectors.rows("dp_grid_dev.csv");
    }

    static List<DpVectors.Row> published() {
        return DpVectors.rows("published_settings_check.csv");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void gridRowMatchesDpAccounting(DpVectors.Row row) {
        double eps = PLD.epsilon(RdpVectorsTest.query(row, row.d("sigma"), row.l("steps"))).value();
        double expected = row.d("eps_pld_dp_accounting");
        assertThat(eps).as("%s", row).isCloseTo(expected, within(1e-2 * expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void publishedSettingMatches(DpVectors.Row row) {
        double eps = PLD.epsilon(RdpVectorsTest.query(row, row.d("sigma"), row.l("steps"))).value();
        double expected = row.d("eps_pld");
        assertThat(eps).as("%s", row).isCloseTo(expected, within(1e-2 * expected));
    }
}
