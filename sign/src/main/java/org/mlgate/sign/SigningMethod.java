package org.mlgate.sign;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;

/** How a signature identifies its signer. */
public sealed interface SigningMethod {
    PemFiles.KeyPair key();

    /** Key method: the bundle carries the public key's hint. */
    record Key(PemFiles.KeyPair key) implements SigningMethod {
        public Key {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Certificate method: the bundle carries the leaf (whose key must be {@code key}'s) and intermediates. */
    record Certificate(PemFiles.KeyPair key, X509Certificate leaf, List<X509Certificate> intermediates)
            implements SigningMethod {
        public Certificate {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(leaf, "leaf");
            intermediates = List.copyOf(intermediates);
            if (!PublicKeys.same(leaf.getPublicKey(), key.publicKey())) {
                throw new IllegalArgumentException("the signing certificate (" + leaf.getSubjectX500Principal()
                        + ") is not for this private key");
            }
        }
    }
}
