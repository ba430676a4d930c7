package org.mlgate.scan.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned allowlist: exactly these (module, name) pairs are safe to import. Built-in profiles
 * ship as resources; users add their own with {@code --profile FILE}.
 */
public record Profile(String name, String version, String description, String source, Set<Global> allowed) {
    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        allowed = Set.copyOf(allowed);
    }

    public String id() {
        return name + "@" + version;
    }
}
