package org.mlgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.mlgate.core.UsageException;
import org.mlgate.sign.keys.KeyFormatException;
import org.mlgate.sign.keys.PemFiles;

/** Loads the key and certificate files named on the command line; any problem is a usage error naming the file. */
final class SigningInputs {
    private SigningInputs() {
    }

    /**
     * The private key of {@code flag} (named in errors); a public key given in its place gets a hint naming the flag,
     * since that is the mistake behind most "no private key" errors.
     */
    static PemFiles.KeyPair privateKey(Path file, String flag, String passwordEnv, Streams streams) {
        char[] password = null;
        if (passwordEnv != null) {
            String value = streams.env().get(passwordEnv);
            if (value == null) {
                throw new UsageException("the environment variable " + passwordEnv + " is not set (it holds the "
                        + "password of " + flag + ")");
            }
            password = value.toCharArray();
        }
        byte[] bytes = read(file, "private key");
        try {
            return PemFiles.privateKey(bytes, password, file.toString());
        } catch (KeyFormatException e) {
            if (holdsPublicKeyOnly(bytes)) {
                throw new UsageException(file + " holds a public key, but " + flag + " needs the private key (the "
                        + "public key is for verifying, e.g. 'mlgate verify --public-key " + file + "')", e);
            }
            throw new UsageException(e.getMessage(), e);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    private static boolean holdsPublicKeyOnly(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("-----BEGIN PUBLIC KEY-----") && !text.contains("PRIVATE KEY-----");
    }

    static List<ECPublicKey> publicKeys(List<Path> files) {
        return org.mlgate.sign.keys.KeyFiles.publicKeys(files);
    }

    static List<X509Certificate> certificates(List<Path> files) {
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.addAll(PemFiles.certificates(read(f, "certificate"), f.toString()));
            } catch (KeyFormatException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return out;
    }

    private static byte[] read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such " + what + " file: " + file);
        }
        try {
            return PemFiles.read(file);
        } catch (KeyFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static int threads(Integer threads) {
        if (threads == null) {
            return org.mlgate.sign.hash.ParallelHasher.defaultThreads();
        }
        if (threads < 1 || threads > 256) {
            throw new UsageException("--threads must be 1 to 256, got " + threads);
        }
        return threads;
    }

    static String shortHex(String hex) {
        return hex == null ? "-" : hex.substring(0, Math.min(12, hex.length())) + "…";
    }
}
