package org.mlgate.sign.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.mlgate.core.Debris;
import org.mlgate.core.DistinctPaths;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * Generates an ECDSA signing key pair from {@link SecureRandom} and writes it as {@code mlgate sign} and
 * {@code mlgate verify} read it ({@link PemFiles}): the private key as PKCS#8 PEM ({@code PRIVATE KEY}, or
 * {@code ENCRYPTED PRIVATE KEY} — PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC — when a password is given), mode 0600,
 * and the public key as SubjectPublicKeyInfo PEM beside it ({@link #publicKeyPath}). Both files are staged in the
 * target folder and linked into place; an existing file (or link) at either name is never replaced.
 */
public final class KeyGeneration {
    /** PBKDF2 iterations for an encrypted key (OWASP's figure for PBKDF2-HMAC-SHA256). */
    static final int PBKDF2_ITERATIONS = 600_000;

    private static final FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final org.bouncycastle.jce.provider.BouncyCastleProvider BC =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private KeyGeneration() {
    }

    /** What was written. */
    public record Written(Path privateKey, Path publicKey, Curve curve, boolean encrypted, String hint) { }

    /** {@code key.pem} → {@code key.pub.pem}; a name without {@code .pem} gets {@code .pub.pem} appended. */
    public static Path publicKeyPath(Path privateKey) {
        String name = privateKey.getFileName().toString();
        String base = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
        return privateKey.resolveSibling(base + ".pub.pem");
    }

    /** A new key pair on {@code curve} drawn from a new {@link SecureRandom}. */
    public static PemFiles.KeyPair generate(Curve curve) {
        return generate(curve, new SecureRandom());
    }

    static PemFiles.KeyPair generate(Curve curve, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(curve.spec(), random);
            java.security.KeyPair kp = g.generateKeyPair();
            return new PemFiles.KeyPair((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic(), curve);
        } catch (GeneralSecurityException e) {
            throw new IncompleteException("cannot generate a " + curve.displayName() + " key: " + e.getMessage(), e);
        }
    }

    /** The private key as PKCS#8 PEM, encrypted when {@code password} is not null. */
    public static byte[] privatePem(PemFiles.KeyPair pair, char[] password) {
        try {
            OutputEncryptor enc = null;
            if (password != null) {
                enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                        .setPRF(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                PKCSObjectIdentifiers.id_hmacWithSHA256, org.bouncycastle.asn1.DERNull.INSTANCE))
                        .setIterationCount(PBKDF2_ITERATIONS)
                        .setRandom(new SecureRandom())
                        .setPassword(password)
                        .build();
            }
            return pem(new JcaPKCS8Generator(pair.privateKey(), enc));
        } catch (OperatorCreationException | IOException e) {
            throw new IncompleteException("cannot encode the private key: " + e.getMessage(), e);
        }
    }

    /** The public key as SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}). */
    public static byte[] publicPem(ECPublicKey key) {
        return PublicKeys.canonicalPem(key).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Generates a pair and writes it to {@code privateKey} and {@link #publicKeyPath}: a usage error (exit 2) when
     * either exists, when their folder is missing or when the two names are the same file; I/O failures are
     * "could not complete" with nothing left behind.
     */
    public static Written write(Path privateKey, Curve curve, char[] password) {
        Path publicKey = publicKeyPath(privateKey);
        check(privateKey, "the private key");
        check(publicKey, "the public key");
        DistinctPaths.check().output("--out", privateKey).output("the public key", publicKey).verify();
        PemFiles.KeyPair pair = generate(curve);
        byte[] priv = privatePem(pair, password);
        byte[] pub = publicPem(pair.publicKey());
        Path stagedPriv = null;
        Path stagedPub = null;
        Debris.Registration[] registered = new Debris.Registration[2];
        try {
            // the staged names are registered before they exist, so SIGINT/SIGTERM removes them whatever happens
            stagedPriv = stagedName(privateKey);
            registered[0] = Debris.register(stagedPriv);
            stage(stagedPriv, priv, true);
            stagedPub = stagedName(publicKey);
            registered[1] = Debris.register(stagedPub);
            stage(stagedPub, pub, false);
            publish(stagedPriv, privateKey);
            try {
                publish(stagedPub, publicKey);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(privateKey); // never leave a private key without the public key it promised
                throw e;
            }
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("refusing to overwrite " + e.getFile() + " (it appeared while writing)", e);
        } catch (IOException e) {
            throw new IncompleteException("cannot write the key pair to " + privateKey + ": "
                    + org.mlgate.core.AtomicFiles.describe(e), e);
        } finally {
            deleteQuietly(stagedPriv);
            deleteQuietly(stagedPub);
            for (Debris.Registration r : registered) {
                if (r != null) {
                    r.close();
                }
            }
        }
        return new Written(privateKey, publicKey, curve, password != null, PublicKeys.hint(pair.publicKey()));
    }

    private static void check(Path target, String what) {
        org.mlgate.core.AtomicFiles.check(target, what + " to " + target);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("refusing to overwrite " + what + " " + target + ": it exists (choose another "
                    + "--out or remove it)");
        }
    }

    private static Path stagedName(Path target) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return target.toAbsolutePath().getParent()
                .resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
    }

    /** Creates {@code tmp} exclusively (mode 0600 for a secret), writes and forces it. */
    private static void stage(Path tmp, byte[] data, boolean secret) throws IOException {
        FileAttribute<?>[] attrs = secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attrs)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** A hard link refuses an existing target atomically (link(2) fails with EEXIST), unlike a rename. */
    private static void publish(Path staged, Path target) throws IOException {
        try {
            Files.createLink(target.toAbsolutePath(), staged);
        } catch (UnsupportedOperationException e) {
            Files.move(staged, target.toAbsolutePath()); // no REPLACE_EXISTING: still refuses an existing file
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the staged file's name starts with a dot and ends in .tmp
            }
        }
    }

    private static byte[] pem(JcaPKCS8Generator gen) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(gen);
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
