package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.bundle.BundleFormatException;
import org.mlgate.sign.bundle.BundleParser;

/**
 * The fixtures in resources/org/mlgate/sign/malformed (written by src/test/fixtures-gen/make_malformed.py):
 * each is named {@code <check>--<defect>.json} and must be rejected with that check.
 */
class MalformedBundleTest {
    @TempDir
    Path tmp;

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(MalformedBundleTest.class.getResource("malformed").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectedWithTheNamedCheck(Path fixture) throws IOException {
        String name = fixture.getFileName().toString();
        Check expected = Check.valueOf(name.substring(0, name.indexOf("--")).toUpperCase(Locale.ROOT).replace('-', '_'));
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("signme-1"), "signme-1");
        Files.writeString(model.resolve("signme-2"), "signme-2");
        VerifyOptions o = new VerifyOptions(new VerificationMethod.Keys(List.of(
                (java.security.interfaces.ECPublicKey) TestPki.ec("secp256r1").getPublic())), fixture, List.of(), false, 1);
        assertThatThrownBy(() -> Verifier.verify(model, o))
                .isInstanceOfSatisfying(VerificationFailure.class, f -> {
                    assertThat(f.check()).isEqualTo(expected);
                    assertThat(f.getMessage()).startsWith(expected.id() + ": ").hasSizeGreaterThan(expected.id().length() + 10);
                });
    }

    @Test
    void parserErrorsNameTheField() {
        assertThatThrownBy(() -> BundleParser.parse(("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"ab\"}},\"dsseEnvelope\":{\"payloadType\":\"t\","
                + "\"payload\":\"e30=\",\"signatures\":[{\"sig\":5}]}}").getBytes()))
                .isInstanceOf(BundleFormatException.class)
                .hasMessage("bundle.dsseEnvelope.signatures[0].sig: expected a string, got a number");
    }

    @Test
    void oversizedBundleIsRefusedBeforeParsing() {
        byte[] big = new byte[BundleParser.MAX_BUNDLE_BYTES + 1];
        assertThatThrownBy(() -> BundleParser.parse(big)).hasMessageContaining("more than the limit");
    }
}
