package org.mlgate.sign;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** How the signer is checked. A bundle of one method is never accepted as another. */
public sealed interface VerificationMethod {
    /** Key method: the signature must verify with one of these keys (several for key rotation). */
    record Keys(List<ECPublicKey> keys) implements VerificationMethod {
        public Keys {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("at least one public key is needed");
            }
        }
    }

    /**
     * Certificate method: the bundle's chain (leaf, intermediates) must lead to one of {@code anchors}, every
     * certificate valid at {@code clock}'s instant.
     */
    record Certificates(List<X509Certificate> anchors, Clock clock) implements VerificationMethod {
        public Certificates {
            anchors = List.copyOf(anchors);
            Objects.requireNonNull(clock, "clock");
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("at least one trust anchor is needed");
            }
        }
    }
}
