package org.mlgate.scan.cache;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.mlgate.core.Digest;
import org.mlgate.core.ToolInfo;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.policy.BuiltinProfiles;
import org.mlgate.scan.policy.DenyRule;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.Policy;
import org.mlgate.scan.policy.Profile;

/** Hashes everything that can change a file's scan outcome, so cached outcomes are never reused wrongly. */
public final class PolicyFingerprint {
    private PolicyFingerprint() {
    }

    public static String of(Policy policy, Budgets budgets) {
        StringBuilder sb = new StringBuilder();
        sb.append(ToolInfo.current().version()).append('\n').append(BuiltinProfiles.RULE_PACK_VERSION).append('\n');
        sb.append(budgets).append('\n');
        for (Profile p : policy.profiles()) {
            sb.append("profile ").append(p.id()).append('\n');
            p.allowed().stream().sorted(Comparator.comparing(Global::toString))
                    .forEach(g -> sb.append(g.module()).append('\t').append(g.name()).append('\n'));
        }
        for (DenyRule r : policy.denylist()) {
            sb.append("deny ").append(r.module()).append('\t').append(r.name()).append('\n');
        }
        return Digest.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)).hex();
    }
}
