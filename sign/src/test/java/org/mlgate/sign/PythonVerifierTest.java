package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.PemFiles;

/**
 * Our bundles checked by an independent verifier written from the spec in Python (src/test/python,
 * python3-cryptography only). Skipped, with a message, where /usr/bin/python3 or cryptography is missing.
 */
class PythonVerifierTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/python/verify_bundle.py").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void python() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: independent Python verifier skipped");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import cryptography").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "python3-cryptography is not installed: independent Python verifier skipped");
    }

    static String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + " " + out.strip();
    }

    Path model() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("mödel"));
        Files.createDirectories(m.resolve("sub"));
        Files.writeString(m.resolve("a.json"), "{}");
        Files.write(m.resolve("w.bin"), new byte[70_000]);
        Files.writeString(m.resolve("sub/.hidden"), "h");
        Files.writeString(m.resolve("sub/ünï cödé"), "u");
        Files.createDirectories(m.resolve(".git"));
        Files.writeString(m.resolve(".git/HEAD"), "x");
        return m;
    }

    @Test
    void acceptsOurKeyBundlesOnEveryCurveFilesAndShards() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            for (Serialization.Method method : Serialization.Method.values()) {
                KeyPair kp = TestPki.ec(curve);
                PemFiles.KeyPair key = PemFiles.privateKey(TestPki.pkcs8Pem(kp.getPrivate())
                        .getBytes(StandardCharsets.US_ASCII), null, "k");
                Path m = model();
                Path pub = Files.writeString(tmp.resolve("pub.pem"), TestPki.publicPem(kp.getPublic()));
                Signer.sign(m, new SignOptions(new SigningMethod.Key(key), null, method, 32_768, List.of(), 2));
                assertThat(run(m.resolve("model.sig").toString(), m.toString(), "--key", pub.toString()))
                        .as(curve + " " + method).startsWith("0 OK 4 files");
                Files.writeString(m.resolve("a.json"), "{ }");
                assertThat(run(m.resolve("model.sig").toString(), m.toString(), "--key", pub.toString()))
                        .startsWith("1 FAIL: digest of a.json");
                Files.writeString(m.resolve("a.json"), "{}");
            }
        }
    }

    @Test
    void acceptsOurCertificateBundleAndSingleFiles() throws Exception {
        TestPki.Hierarchy h = TestPki.Hierarchy.create("py");
        PemFiles.KeyPair key = PemFiles.privateKey(TestPki.pkcs8Pem(h.leafKey().getPrivate())
                .getBytes(StandardCharsets.US_ASCII), null, "k");
        Path m = model();
        Signer.sign(m, new SignOptions(new SigningMethod.Certificate(key, h.leaf(), List.of(h.intermediate())), null,
                Serialization.Method.FILES, 0, List.of(), 2));
        assertThat(run(m.resolve("model.sig").toString(), m.toString(), "--cert-leaf")).startsWith("0 OK 4 files");
        Path file = m.resolve("w.bin");
        Path pub = Files.writeString(tmp.resolve("leaf.pem"), TestPki.publicPem(h.leafKey().getPublic()));
        Signer.sign(file, new SignOptions(new SigningMethod.Key(key), null, Serialization.Method.FILES, 0, List.of(), 1));
        assertThat(run(m.resolve("w.bin.sig").toString(), file.toString(), "--key", pub.toString()))
                .startsWith("0 OK 1 files");
    }
}
