package org.mlgate.sign.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.UsageException;

/** Public-key files as every front names them: a problem with one is a usage error naming the file. */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** Each file holds PEM (one or more keys) or one DER SubjectPublicKeyInfo ({@code openssl ec -pubout -outform DER}). */
    public static List<ECPublicKey> publicKeys(List<Path> files) {
        List<ECPublicKey> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("no such public key file: " + f);
            }
            try {
                byte[] bytes = PemFiles.read(f);
                boolean pem = new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN");
                out.addAll(pem ? PemFiles.publicKeys(bytes, f.toString()) : List.of(PublicKeys.fromRawBytes(bytes)));
            } catch (KeyFormatException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return out;
    }
}
