package org.mlgate.scan.policy;

import java.util.List;
import java.util.Objects;

/**
 * Allowlist first, default deny: a global is safe only if an active profile allows exactly that
 * (module, name). The denylist never makes anything safe; it raises severity and explains why.
 */
public record Policy(List<Profile> profiles, List<DenyRule> denylist) {
    public Policy {
        profiles = List.copyOf(profiles);
        denylist = List.copyOf(denylist);
    }

    public static Policy defaults() {
        return new Policy(BuiltinProfiles.all(), BuiltinProfiles.denylist());
    }

    public Policy withProfiles(List<Profile> extra) {
        List<Profile> all = new java.util.ArrayList<>(profiles);
        all.addAll(extra);
        return new Policy(all, denylist);
    }

    public Classification classify(Global g) {
        Objects.requireNonNull(g, "g");
        for (Profile p : profiles) {
            if (p.allowed().contains(g)) {
                return new Classification.Allowed(p.id());
            }
        }
        return deniedReason(g);
    }

    /** The denylist verdict alone (used also for names that profiles may not vouch for). */
    public Classification deniedReason(Global g) {
        for (DenyRule r : denylist) {
            if (r.matches(g)) {
                return new Classification.Denied(r.reason());
            }
        }
        return new Classification.Unknown();
    }
}
