package org.mlgate.train.privacy;

import java.util.Locale;
import org.mlgate.core.UsageException;

/** The accountants mlgate offers, by the name used on the command line and in model cards. */
public enum AccountantKind {
    /** Rényi DP, as Google's dp_accounting {@code RdpAccountant} computes it. */
    RDP,
    /** Privacy-loss distribution, as dp_accounting's {@code PLDAccountant} (pessimistic, connect-the-dots). */
    PLD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountantKind parse(String id) {
        for (AccountantKind k : values()) {
            if (id != null && k.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new UsageException("unknown accountant '" + id + "' (expected rdp or pld)");
    }
}
