package org.mlgate.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Where a finding sits: the file, the chain of archive members or embedded streams inside it (outermost
 * first), the byte offset inside the innermost one (-1 when not applicable), and what was there (an
 * opcode name, a field name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Location(String file, List<String> members, long offset, String at) {
    public Location {
        Objects.requireNonNull(file, "file");
        members = List.copyOf(members);
    }

    public static Location of(String file) {
        return new Location(file, List.of(), -1, null);
    }

    /** "file!member!inner@offset", for humans. */
    public String display() {
        StringBuilder sb = new StringBuilder(file);
        for (String m : members) {
            sb.append('!').append(m);
        }
        if (offset >= 0) {
            sb.append(" @").append(offset);
        }
        if (at != null) {
            sb.append(" (").append(at).append(')');
        }
        return sb.toString();
    }
}
