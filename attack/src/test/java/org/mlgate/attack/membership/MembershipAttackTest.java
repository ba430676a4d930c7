package org.mlgate.attack.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mlgate.core.UsageException;

/** The request checks run before the target is asked anything. */
class MembershipAttackTest {
    private static final Path F = Path.of("x.csv");

    @Test
    void methodsAreSpelledInKebabCaseAnyCase() {
        assertThat(MembershipAttack.Method.parse("LiRA-Online")).isEqualTo(MembershipAttack.Method.LIRA_ONLINE);
        assertThatThrownBy(() -> MembershipAttack.Method.parse("shadow")).isInstanceOf(UsageException.class)
                .hasMessageContaining("label-perturbation");
    }

    @Test
    void exactlyOneCompletePairOfRowSourcesIsAccepted() {
        assertThat(MembershipAttack.Rows.of(F, F, null, null)).isInstanceOf(MembershipAttack.Rows.Split.class);
        assertThat(MembershipAttack.Rows.of(null, null, F, F)).isInstanceOf(MembershipAttack.Rows.Files.class);
        for (Path[] bad : new Path[][] {{null, null, null, null}, {F, null, null, null}, {F, F, F, null},
            {null, null, null, F}}) {
            assertThatThrownBy(() -> MembershipAttack.Rows.of(bad[0], bad[1], bad[2], bad[3]))
                    .isInstanceOf(UsageException.class).hasMessageContaining("--split FILE --data FILE");
        }
    }

    @Test
    void liraNeedsTheAttackersRowsAndNothingElseTakesThem() {
        MembershipAttack.Rows rows = new MembershipAttack.Rows.Files(F, F);
        assertThatThrownBy(() -> new MembershipAttack.Request(MembershipAttack.Method.LIRA_OFFLINE, rows, null, null,
                20, 0.05, 1)).isInstanceOf(UsageException.class).hasMessageContaining("give --attacker-data");
        assertThatThrownBy(() -> new MembershipAttack.Request(MembershipAttack.Method.AUTO, rows, F, null, 20, 0.05,
                1)).isInstanceOf(UsageException.class).hasMessageContaining("used only by --method lira");
    }
}
