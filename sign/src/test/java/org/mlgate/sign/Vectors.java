package org.mlgate.sign;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.mlgate.sign.keys.PemFiles;

/** The shared model-signing vectors (../../shared/vectors/model-signing from the module); tests skip without them. */
final class Vectors {
    static final Path ROOT = Path.of("../../shared/vectors/model-signing").toAbsolutePath().normalize();
    static final Path MT = ROOT.resolve("model-transparency");
    static final Path KEYS = MT.resolve("keys/certificate");
    static final Path OMS = ROOT.resolve("oms-spec");
    /** A fixed instant inside every vector certificate's validity (2025-05-02 to 2035-04-30). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private Vectors() {
    }

    static void assumePresent() {
        assumeTrue(Files.isDirectory(MT), "model-signing vectors not found at " + ROOT + ": vector tests skipped");
    }

    static ECPublicKey publicKey() {
        return PemFiles.publicKeys(PemFiles.read(KEYS.resolve("signing-key-pub.pem")), "signing-key-pub.pem").getFirst();
    }

    static PemFiles.KeyPair signingKey() {
        return PemFiles.privateKey(PemFiles.read(KEYS.resolve("signing-key.pem")), null, "signing-key.pem");
    }

    static List<X509Certificate> certs(String name) {
        return PemFiles.certificates(PemFiles.read(KEYS.resolve(name)), name);
    }

    static VerificationMethod keyMethod() {
        return new VerificationMethod.Keys(List.of(publicKey()));
    }

    static VerificationMethod certMethod() {
        return new VerificationMethod.Certificates(certs("ca-cert.pem"), CLOCK);
    }

    static VerifyOptions options(VerificationMethod m, Path signature, List<String> ignore) {
        return new VerifyOptions(m, signature, ignore, false, 2);
    }
}
