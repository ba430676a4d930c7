package org.mlgate.scan.policy;

import java.util.Objects;

/** A (module, qualified name) pair as a pickle names it; the name may be dotted ("Path.write_text"). */
public record Global(String module, String name) {
    public Global {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return module + "." + name;
    }
}
