package org.mlgate.train.privacy;

/** Computes ε for a DP-SGD run. Implementations are immutable and thread-safe. */
public sealed interface Accountant permits RdpAccountant, PldAccountant {
    Epsilon epsilon(AccountingQuery query);

    AccountantKind kind();

    /** The accountant of that kind with its default configuration. */
    static Accountant of(AccountantKind kind) {
        return switch (kind) {
            case RDP -> new RdpAccountant(RdpConfig.DP_ACCOUNTING);
            case PLD -> new PldAccountant(PldConfig.DEFAULT);
        };
    }
}
