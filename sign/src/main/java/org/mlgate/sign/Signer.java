package org.mlgate.sign;

import org.mlgate.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.sign.bundle.BundleWriter;
import org.mlgate.sign.bundle.Pae;
import org.mlgate.sign.hash.Manifest;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.ModelHasher;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.EcdsaSignatures;
import org.mlgate.sign.keys.PublicKeys;

/**
 * Signs a model or dataset (a file or a directory, any format): hashes it, builds the OMS statement, signs
 * its DSSE encoding and writes the Sigstore bundle atomically. The same files, options and key give a
 * byte-identical bundle (deterministic ECDSA).
 */
public final class Signer {
    /** The most resources one manifest may hold (shards of a huge file with a tiny shard size). */
    static final long MAX_RESOURCES = 1_000_000;

    private Signer() {
    }

    /** The outcome: what was signed and where the bundle went. */
    public record Signed(Manifest manifest, Path signature, byte[] bundle) { }

    /**
     * Signs {@code model}. An empty model (no file in scope) and a symbolic link in it are refused with an
     * {@link IllegalArgumentException}; a file that cannot be read fails with an {@link IOException}.
     */
    public static Signed sign(Path model, SignOptions o) throws IOException {
        Path signature = o.signature() != null ? o.signature() : ModelPaths.defaultSignature(model);
        String sigInside = ModelPaths.insideModel(model, signature);
        List<String> ignore = new ArrayList<>(ModelPaths.ignored(ModelPaths.normalizeIgnored(model, o.ignorePaths()),
                List.of(), sigInside));
        ModelFiles files = ModelFiles.list(model, ignore);
        if (files.files().isEmpty()) {
            throw new IllegalArgumentException("nothing to sign: " + model + " has no files (after ignored paths)");
        }
        Serialization ser = o.method() == Serialization.Method.FILES ? Serialization.files(ignore)
                : Serialization.shards(o.shardSize(), ignore);
        if (ser.method() == Serialization.Method.SHARDS) {
            long shards = files.files().stream().mapToLong(e -> Math.max(1, ceilDiv(e.size(), ser.shardSize()))).sum();
            if (shards > MAX_RESOURCES) {
                throw new IllegalArgumentException("shard size " + ser.shardSize() + " cuts " + model + " into " + shards
                        + " shards, more than " + MAX_RESOURCES + "; use a larger shard size");
            }
        }
        Manifest manifest = ModelHasher.manifest(files, ser, o.threads());
        byte[] bundle = bundle(BundleWriter.modelStatement(manifest), o.signing());
        AtomicFiles.replace(signature, out -> out.write(bundle));
        return new Signed(manifest, signature, bundle);
    }

    /** Signs any in-toto statement (e.g. a scan attestation) and returns the bundle bytes. */
    public static byte[] bundle(byte[] statement, SigningMethod signing) {
        byte[] pae = Pae.encode(org.mlgate.sign.bundle.Bundle.Envelope.IN_TOTO, statement);
        byte[] sig = EcdsaSignatures.sign(signing.key().privateKey(), signing.key().publicKey(), pae);
        return switch (signing) {
            case SigningMethod.Key k -> BundleWriter.keyBundle(statement, sig, PublicKeys.hint(k.key().publicKey()));
            case SigningMethod.Certificate c -> BundleWriter.certificateBundle(statement, sig, chain(c));
        };
    }

    private static List<byte[]> chain(SigningMethod.Certificate c) {
        List<byte[]> der = new ArrayList<>();
        try {
            der.add(c.leaf().getEncoded());
            for (X509Certificate x : c.intermediates()) {
                if (!selfSigned(x) && !x.equals(c.leaf())) {
                    der.add(x.getEncoded());
                }
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode a certificate: " + e.getMessage(), e);
        }
        return der;
    }

    /** A root: issued by itself and verifiable with its own key (a root adds nothing to the bundle). */
    static boolean selfSigned(X509Certificate x) {
        if (!x.getSubjectX500Principal().equals(x.getIssuerX500Principal())) {
            return false;
        }
        try {
            x.verify(x.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
