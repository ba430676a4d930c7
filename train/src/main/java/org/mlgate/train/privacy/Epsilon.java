package org.mlgate.train.privacy;

/** An accountant's answer: the ε of an (ε, δ) guarantee, with what the accountant knows about how it got it. */
public sealed interface Epsilon permits Epsilon.Rdp, Epsilon.Pld {
    double value();

    AccountantKind accountant();

    /** From RDP: {@code order} is the Rényi order α that gave the smallest ε. */
    record Rdp(double value, double order) implements Epsilon {
        @Override
        public AccountantKind accountant() {
            return AccountantKind.RDP;
        }
    }

    /** From the privacy-loss distribution. */
    record Pld(double value) implements Epsilon {
        @Override
        public AccountantKind accountant() {
            return AccountantKind.PLD;
        }
    }
}
