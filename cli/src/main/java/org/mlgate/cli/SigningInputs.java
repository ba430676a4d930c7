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

    static PemFiles.KeyPair privateKey(Path file, String passwordEnv, Streams streams) {
        char[] password = null;
        if (passwordEnv != null) {
            String value = streams.env().get(passwordEnv);
            if (value == null) {
                throw new UsageException("--key-password-env: the environment variable " + passwordEnv + " is not set");
            }
            password = value.toCharArray();
        }
        try {
            return PemFiles.privateKey(read(file, "private key"), password, file.toString());
        } catch (KeyFormatException e) {
            throw new UsageException(e.getMessage(), e);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
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

    static void checkFormat(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, got '" + format + "'");
        }
    }

    static String shortHex(String hex) {
        return hex == null ? "-" : hex.substring(0, Math.min(12, hex.length())) + "…";
    }
}
