package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import org.mlgate.sign.keys.KeyFormatException;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;

/** Any bytes as a PEM private key, public keys and certificates: only {@link KeyFormatException} escapes. */
class PemFilesFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void pem(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            PemFiles.KeyPair k = PemFiles.privateKey(data, "fuzz".toCharArray(), "fuzz");
            if (!PublicKeys.same(k.publicKey(), k.publicKey())) {
                throw new AssertionError("unstable public key");
            }
        } catch (KeyFormatException e) {
            // expected
        }
        try {
            PemFiles.publicKeys(data, "fuzz").forEach(PublicKeys::hint);
        } catch (KeyFormatException e) {
            // expected
        }
        try {
            PemFiles.certificates(data, "fuzz");
        } catch (KeyFormatException e) {
            // expected
        }
        try {
            PublicKeys.fromRawBytes(data);
        } catch (KeyFormatException e) {
            // expected
        }
    }
}
