package org.mlgate.sign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.bundle.Bundle;
import org.mlgate.sign.bundle.BundleFormatException;
import org.mlgate.sign.bundle.BundleParser;
import org.mlgate.sign.bundle.ModelStatement;
import org.mlgate.sign.bundle.Pae;
import org.mlgate.sign.bundle.Statement;
import org.mlgate.sign.hash.Manifest;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.RefusedPathException;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.EcdsaSignatures;
import org.mlgate.sign.keys.KeyFormatException;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;

/**
 * Verifies a signed model or dataset. Checks run in a fixed order and the first that fails throws a
 * {@link VerificationFailure} naming it: the bundle is read and its structure checked; its method must be
 * the one asked for; the payload type, statement type and predicate type must be the model-signing ones;
 * the signer must be trusted (a given key, or a chain to a given anchor valid at the clock's instant); the
 * DSSE signature must verify; the manifest must be non-empty and match its root digest; and the files on
 * disk must be exactly those signed, byte for byte. An existing file that cannot be read is an
 * {@link IOException} (could not complete), never a verdict.
 */
public final class Verifier {
    private Verifier() {
    }

    public static Verified verify(Path model, VerifyOptions o) throws IOException {
        Path signature = o.signature() != null ? o.signature() : ModelPaths.defaultSignature(model);
        Bundle bundle = parse(read(signature, o.maxBundleBytes()));
        checkMethod(bundle, o.method());
        Bundle.Envelope env = bundle.envelope();
        if (!env.payloadType().equals(Bundle.Envelope.IN_TOTO)) {
            throw new VerificationFailure(Check.WRONG_PAYLOAD_TYPE, "the envelope's payload type is '"
                    + env.payloadType() + "', expected " + Bundle.Envelope.IN_TOTO);
        }
        ModelStatement statement = statement(env.payload());
        Trusted trusted = trust(bundle, o.method());
        checkSignature(env, trusted.keys(), statement.legacy());
        if (statement.resources().isEmpty()) {
            throw new VerificationFailure(Check.EMPTY_MANIFEST, "the bundle signs no files");
        }
        if (!statement.legacy()) {
            String root = Manifest.rootDigest(statement.resources());
            if (!root.equals(statement.rootDigest())) {
                throw new VerificationFailure(Check.ROOT_DIGEST_MISMATCH, "the statement's root digest "
                        + statement.rootDigest() + " is not the digest of its resources (" + root + ")");
            }
        }
        FileComparison.Compared compared = FileComparison.check(model, signature, statement, o);
        return new Verified(statement.modelName(), statement.rootDigest(), compared.files(),
                bundle.material().method(), trusted.signer(), statement.legacy() ? "v0.2 (legacy)" : "v1.0",
                statement.serialization(), statement.resources(), compared.leftOut());
    }

    /**
     * Verifies a signed in-toto attestation that is not a model signature (e.g. a scan verdict): the bundle's
     * structure, method, payload type, statement type, {@code predicateType} and signature, as for a model.
     * Returns the statement; what its subjects and predicate must say is the caller's policy.
     */
    public static Statement verifyAttestation(Path bundleFile, VerificationMethod method, String predicateType)
            throws IOException {
        return verifySignedAttestation(bundleFile, method, predicateType).statement();
    }

    /** {@link #verifyAttestation}, also returning who signed it (the key hint, or the leaf certificate's subject). */
    public static SignedStatement verifySignedAttestation(Path bundleFile, VerificationMethod method,
                                                          String predicateType) throws IOException {
        try {
            return signedStatement(read(bundleFile, VerifyOptions.DEFAULT_MAX_BUNDLE_BYTES), method,
                    predicateType);
        } catch (VerificationFailure f) {
            throw f.within("attestation " + bundleFile);
        }
    }

    /**
     * Verifies the signature of a bundle holding any in-toto statement v1 (a provenance record, a deployment, a scan
     * verdict): the bundle's structure, method, payload type, statement type and signature — what the statement
     * says is the caller's to judge. Returns who signed it (the key hint, or the leaf certificate's subject).
     */
    public static String verifyStatementSignature(byte[] bundleBytes, VerificationMethod method) {
        return signedStatement(bundleBytes, method, null).signer();
    }

    /** A statement whose signature verified, and who signed it. */
    /** A statement whose signature verified, and its signer. */
    public record SignedStatement(Statement statement, String signer) { }

    /** The checks every attestation passes, in order; {@code predicateType} null accepts any predicate. */
    private static SignedStatement signedStatement(byte[] bundleBytes, VerificationMethod method,
                                                   String predicateType) {
        Bundle bundle = parse(bundleBytes);
        checkMethod(bundle, method);
        Bundle.Envelope env = bundle.envelope();
        if (!env.payloadType().equals(Bundle.Envelope.IN_TOTO)) {
            throw new VerificationFailure(Check.WRONG_PAYLOAD_TYPE, "the envelope's payload type is '"
                    + env.payloadType() + "', expected " + Bundle.Envelope.IN_TOTO);
        }
        Statement s;
        try {
            s = Statement.parse(env.payload());
        } catch (BundleFormatException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, e.getMessage(), e);
        }
        if (!s.type().equals(Statement.TYPE_V1)) {
            throw new VerificationFailure(Check.WRONG_STATEMENT_TYPE, "statement._type is '" + s.type()
                    + "', expected " + Statement.TYPE_V1);
        }
        if (predicateType != null && !s.predicateType().equals(predicateType)) {
            throw new VerificationFailure(Check.WRONG_PREDICATE, "statement.predicateType is '"
                    + s.predicateType() + "', expected " + predicateType);
        }
        Trusted trusted = trust(bundle, method);
        checkSignature(env, trusted.keys(), false);
        return new SignedStatement(s, trusted.signer());
    }

    /** The SLSA provenance predicate type. */
    public static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";

    /**
     * Verifies a signed SLSA provenance bundle about {@code artifact} (a file): the signature as
     * {@link #verifyStatementSignature}, the predicate type, and that one of the statement's subjects carries the
     * file's SHA-256 (else {@code file-changed}). Returns who signed it.
     */
    public static String verifyProvenance(Path artifact, Path bundleFile, VerificationMethod method)
            throws IOException {
        try {
            SignedStatement signed = signedStatement(read(bundleFile, VerifyOptions.DEFAULT_MAX_BUNDLE_BYTES), method,
                    SLSA_PROVENANCE_V1);
            Statement s = signed.statement();
            if (!Files.isRegularFile(artifact)) {
                throw new VerificationFailure(Check.FILE_MISSING, artifact + " is not a file");
            }
            String digest = org.mlgate.core.Digest.sha256(artifact).hex();
            boolean named = s.subjects().stream().anyMatch(sub -> digest.equals(sub.digest().get("sha256")));
            if (!named) {
                throw new VerificationFailure(Check.FILE_CHANGED, "the provenance names no subject with "
                        + artifact.getFileName() + "'s SHA-256 " + digest);
            }
            return signed.signer();
        } catch (VerificationFailure f) {
            throw f.within("provenance " + bundleFile);
        }
    }

    /**
     * The signature file's bytes; absent is "no signature". Its type and size are checked before it is opened: a
     * pipe would block the read, and a bundle over {@code cap} bytes is refused by its size alone (parsing costs a
     * multiple of the size in memory and time). Read with the cap too, should it grow in between.
     */
    static byte[] read(Path signature, long cap) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(signature, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new VerificationFailure(Check.NO_SIGNATURE, "no signature: " + signature + " does not exist");
        }
        if (!a.isRegularFile()) {
            throw new VerificationFailure(Check.NO_SIGNATURE, "no signature: " + signature + " is "
                    + (a.isDirectory() ? "a directory" : "not a regular file (a pipe, device or socket)"));
        }
        if (a.size() > cap) {
            throw new VerificationFailure(Check.MALFORMED_BUNDLE, signature + ": " + a.size() + " bytes, more than "
                    + "the " + cap + "-byte cap on signature bundles (--max-bundle-size raises it)");
        }
        try (InputStream in = Files.newInputStream(signature)) {
            byte[] b = in.readNBytes((int) cap + 1);
            if (b.length > cap) {
                throw new VerificationFailure(Check.MALFORMED_BUNDLE, signature + ": more than the " + cap
                        + "-byte cap on signature bundles (it grew while being read)");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new VerificationFailure(Check.NO_SIGNATURE, "no signature: " + signature + " does not exist");
        }
    }

    static Bundle parse(byte[] bytes) {
        try {
            return BundleParser.parse(bytes);
        } catch (BundleFormatException e) {
            throw new VerificationFailure(Check.MALFORMED_BUNDLE, e.getMessage(), e);
        }
    }

    private record Trusted(List<ECPublicKey> keys, String signer) { }

    private static void checkMethod(Bundle bundle, VerificationMethod method) {
        Bundle.VerificationMaterial m = bundle.material();
        switch (method) {
            case VerificationMethod.Keys k -> {
                if (!(m instanceof Bundle.PublicKeyRef)) {
                    throw mismatch(m, "a public key (--public-key)");
                }
            }
            case VerificationMethod.Certificates c -> {
                if (!(m instanceof Bundle.CertificateChain)) {
                    throw mismatch(m, "a certificate chain (--certificate-chain)");
                }
            }
        }
    }

    /** The keys the signature may be checked with: trusted keys the bundle names, or a validated leaf's. */
    private static Trusted trust(Bundle bundle, VerificationMethod method) {
        return switch (method) {
            case VerificationMethod.Keys k -> {
                Bundle.PublicKeyRef ref = (Bundle.PublicKeyRef) bundle.material();
                List<ECPublicKey> candidates = candidates(ref, k.keys());
                yield new Trusted(candidates, ref.hint() != null ? ref.hint() : PublicKeys.hint(candidates.getFirst()));
            }
            case VerificationMethod.Certificates c -> {
                Bundle.CertificateChain chain = (Bundle.CertificateChain) bundle.material();
                List<X509Certificate> certs = new ArrayList<>();
                for (int i = 0; i < chain.certificates().size(); i++) {
                    try {
                        certs.add(PemFiles.certificate(chain.certificates().get(i),
                                "bundle.verificationMaterial.x509CertificateChain.certificates[" + i + "]"));
                    } catch (KeyFormatException e) {
                        throw new VerificationFailure(Check.MALFORMED_BUNDLE, e.getMessage(), e);
                    }
                }
                CertificateChecks.validate(certs, c.anchors(), Date.from(c.clock().instant()));
                X509Certificate leaf = certs.getFirst();
                if (!(leaf.getPublicKey() instanceof ECPublicKey ec)) {
                    throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "certificate "
                            + leaf.getSubjectX500Principal() + " has "
                            + org.mlgate.sign.keys.Articles.withArticle(leaf.getPublicKey().getAlgorithm())
                            + " key; only ECDSA signatures are supported");
                }
                yield new Trusted(List.of(ec), leaf.getSubjectX500Principal().getName());
            }
        };
    }

    private static VerificationFailure mismatch(Bundle.VerificationMaterial m, String asked) {
        String note = m instanceof Bundle.Keyless
                ? " (Sigstore keyless bundles need the Sigstore trust root and are not supported offline)" : "";
        return new VerificationFailure(Check.METHOD_MISMATCH, "the bundle is signed with the " + m.method()
                + " method but was verified with " + asked + note);
    }

    /** The trusted keys the bundle's key reference can name; none is a wrong key. */
    private static List<ECPublicKey> candidates(Bundle.PublicKeyRef ref, List<ECPublicKey> keys) {
        List<ECPublicKey> out = new ArrayList<>();
        ECPublicKey raw = null;
        if (ref.rawBytes() != null) {
            try {
                raw = PublicKeys.fromRawBytes(ref.rawBytes());
            } catch (KeyFormatException e) {
                throw new VerificationFailure(Check.MALFORMED_BUNDLE, e.getMessage(), e);
            }
        }
        for (ECPublicKey k : keys) {
            boolean hintOk = ref.hint() == null || java.security.MessageDigest.isEqual(
                    ref.hint().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    PublicKeys.hint(k).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            boolean rawOk = raw == null || PublicKeys.same(raw, k);
            if (hintOk && rawOk) {
                out.add(k);
            }
        }
        if (out.isEmpty()) {
            String named = ref.hint() != null ? "the key with hint " + ref.hint() : "the key it carries";
            throw new VerificationFailure(Check.WRONG_KEY, "the bundle was signed with " + named + ", which is not "
                    + (keys.size() == 1 ? "the given key (hint " + PublicKeys.hint(keys.getFirst()) + ")"
                    : "any of the " + keys.size() + " given keys"));
        }
        return out;
    }

    private static ModelStatement statement(byte[] payload) {
        Statement s;
        try {
            s = Statement.parse(payload);
        } catch (BundleFormatException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, e.getMessage(), e);
        }
        if (!s.type().equals(Statement.TYPE_V1)) {
            throw new VerificationFailure(Check.WRONG_STATEMENT_TYPE, "statement._type is '" + s.type()
                    + "', expected " + Statement.TYPE_V1);
        }
        if (!s.predicateType().equals(ModelStatement.PREDICATE_V1)
                && !s.predicateType().equals(ModelStatement.PREDICATE_LEGACY)) {
            throw new VerificationFailure(Check.WRONG_PREDICATE, "statement.predicateType is '" + s.predicateType()
                    + "', expected " + ModelStatement.PREDICATE_V1);
        }
        try {
            return ModelStatement.of(s);
        } catch (BundleFormatException e) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, e.getMessage(), e);
        }
    }

    /**
     * At least one envelope signature must verify with a candidate key over the DSSE PAE, hashed as the
     * key's curve demands; legacy v0.2 statements were signed over their own encoding with SHA-256.
     */
    private static void checkSignature(Bundle.Envelope env, List<ECPublicKey> keys, boolean legacy) {
        byte[] pae = legacy ? Pae.legacyV02(env.payloadType(), env.payload())
                : Pae.encode(env.payloadType(), env.payload());
        for (Bundle.Signature s : env.signatures()) {
            for (ECPublicKey k : keys) {
                String curveAlg;
                try {
                    curveAlg = Curve.of(k).jcaSignature();
                } catch (KeyFormatException e) {
                    throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, e.getMessage(), e);
                }
                // legacy v0.2 signatures were made over SHA-256 (certificate method); its key method used the curve's hash
                List<String> algorithms = legacy ? List.of("SHA256withECDSA", curveAlg) : List.of(curveAlg);
                for (String alg : algorithms) {
                    if (EcdsaSignatures.verify(k, alg, pae, s.sig())) {
                        return;
                    }
                }
            }
        }
        throw new VerificationFailure(Check.BAD_SIGNATURE, "the envelope's signature does not verify"
                + (keys.size() == 1 ? " with the signer's key" : " with any of the " + keys.size() + " candidate keys")
                + ": the bundle was altered or signed by another key");
    }

    /** Convenience for callers that hold the reason a path was refused. */
    static VerificationFailure refused(RefusedPathException e) {
        return new VerificationFailure(Check.REFUSED_PATH, e.getMessage(), e);
    }
}
