package org.mlgate.scan.policy;

import java.util.Objects;

/**
 * A denylist entry: a whole module (and its submodules) when {@code name} is null, otherwise one name in
 * it (and attributes reached through it by a dotted qualname).
 */
public record DenyRule(String module, String name, String reason) {
    public DenyRule {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean matches(Global g) {
        boolean moduleMatch = g.module().equals(module) || g.module().startsWith(module + ".");
        if (!moduleMatch) {
            return false;
        }
        if (name == null) {
            return true;
        }
        // the exact module, not a submodule, and the name or an attribute path under it
        return g.module().equals(module) && (g.name().equals(name) || g.name().startsWith(name + "."));
    }
}
