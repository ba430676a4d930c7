package org.mlgate.sign.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A Sigstore bundle (v0.3, JSON) as OMS uses it: how to check the signer, and a DSSE envelope.
 */
public record Bundle(String mediaType, VerificationMaterial material, Envelope envelope) {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public Bundle {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** What identifies the signer; exactly one kind per bundle. */
    public sealed interface VerificationMaterial {
        /** Short name for messages: key, certificate or sigstore. */
        String method();
    }

    /**
     * Key method: a hint (hex SHA-256 of the public key's canonical PEM, current format) and/or the key
     * itself (older bundles: base64 of a PEM or DER SubjectPublicKeyInfo).
     */
    public record PublicKeyRef(String hint, byte[] rawBytes) implements VerificationMaterial {
        @Override
        public String method() {
            return "key";
        }
    }

    /** Certificate method: DER certificates, leaf first, then intermediates. */
    public record CertificateChain(List<byte[]> certificates) implements VerificationMaterial {
        public CertificateChain {
            certificates = List.copyOf(certificates);
        }

        @Override
        public String method() {
            return "certificate";
        }
    }

    /** Sigstore keyless: a Fulcio certificate and transparency-log entries (not verifiable offline). */
    public record Keyless(byte[] certificate, int tlogEntries) implements VerificationMaterial {
        @Override
        public String method() {
            return "sigstore";
        }
    }

    /** A DSSE envelope with its payload decoded. */
    public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
        public static final String IN_TOTO = "application/vnd.in-toto+json";

        public Envelope {
            signatures = List.copyOf(signatures);
        }
    }

    /** One DSSE signature (DER ECDSA) and its optional key id. */
    public record Signature(byte[] sig, String keyid) {
    }
}
