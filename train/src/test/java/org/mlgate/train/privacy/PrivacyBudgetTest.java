package org.mlgate.train.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

class PrivacyBudgetTest {
    @Test
    void rdpSpenderRefusesTheStepThatWouldPassTheTarget() {
        // dp_accounting: q=0.01, sigma=1, 1000 steps -> epsilon 2.10137 (delta 1e-5).
        BudgetSpender s = new PrivacyBudget(2.1014, 1e-5, AccountantKind.RDP).spender(0.01, 1.0);
        RdpAccountant rdp = new RdpAccountant(RdpConfig.DP_ACCOUNTING);
        long max = s.maxSteps();
        assertThat(max).isGreaterThanOrEqualTo(1000);
        AccountingQuery q = new AccountingQuery(0.01, 1.0, max, 1e-5);
        assertThat(rdp.epsilon(q).value()).isLessThanOrEqualTo(2.1014);
        assertThat(rdp.epsilon(q.withSteps(max + 1)).value()).isGreaterThan(2.1014);
        for (long i = 0; i < max; i++) {
            s.spend();
        }
        assertThat(s.stepsTaken()).isEqualTo(max);
        assertThat(s.epsilonSpent()).isLessThanOrEqualTo(2.1014);
        assertThatThrownBy(s::spend).isInstanceOf(PrivacyBudgetExceededException.class)
                .hasMessageContaining("privacy budget exhausted: step " + (max + 1))
                .hasMessageContaining("rdp epsilon past the target 2.1014");
        assertThat(s.stepsTaken()).as("the refused step is not recorded").isEqualTo(max);
    }

    @Test
    void pldSpenderAllowsMoreStepsThanRdpForTheSameTarget() {
        // dp_accounting PLD: q=0.001, sigma=2, 1000 steps -> 0.050137; RDP gives 0.131069 there.
        BudgetSpender pld = new PrivacyBudget(0.0502, 1e-5, AccountantKind.PLD).spender(0.001, 2.0);
        BudgetSpender rdp = new PrivacyBudget(0.0502, 1e-5, AccountantKind.RDP).spender(0.001, 2.0);
        assertThat(pld.maxSteps()).isGreaterThanOrEqualTo(1000).isLessThan(1100);
        assertThat(rdp.maxSteps()).isLessThan(pld.maxSteps());
    }

    @Test
    void aBudgetTooSmallForOneStepRefusesTheFirst() {
        BudgetSpender s = new PrivacyBudget(1e-6, 1e-5, AccountantKind.RDP).spender(0.5, 0.5);
        assertThat(s.maxSteps()).isZero();
        assertThatThrownBy(s::spend).isInstanceOf(PrivacyBudgetExceededException.class);
    }

    @Test
    void invalidSettingsAreRejectedOnceWithClearMessages() {
        assertThatThrownBy(() -> new PrivacyBudget(0, 1e-5, AccountantKind.RDP)).isInstanceOf(UsageException.class)
                .hasMessage("target epsilon must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> new PrivacyBudget(1, 1, AccountantKind.RDP)).isInstanceOf(UsageException.class)
                .hasMessage("delta must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> AccountingQuery.builder().samplingRate(0).noiseMultiplier(1).steps(1).delta(1e-5)
                .build()).isInstanceOf(UsageException.class).hasMessage("sampling rate must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> AccountingQuery.builder().samplingRate(0.1).noiseMultiplier(-1).steps(1)
                .delta(1e-5).build()).hasMessage("noise multiplier must be a positive finite number, got -1.0");
        assertThatThrownBy(() -> AccountingQuery.builder().samplingRate(0.1).noiseMultiplier(1).steps(0)
                .delta(1e-5).build()).hasMessage("steps must be at least 1, got 0");
        assertThatThrownBy(() -> AccountingQuery.builder().samplingRate(0.1).noiseMultiplier(1).steps(1).build())
                .hasMessage("delta must be in (0, 1), got NaN");
        assertThatThrownBy(() -> new PldConfig(0, -50, 1e-15)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> AccountantKind.parse("prv")).isInstanceOf(UsageException.class)
                .hasMessage("unknown accountant 'prv' (expected rdp or pld)");
    }
}
