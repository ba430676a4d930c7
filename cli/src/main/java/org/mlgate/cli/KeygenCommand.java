package org.mlgate.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.sign.keys.Curve;
import org.mlgate.sign.keys.KeyGeneration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate keygen}: thin front end over {@link KeyGeneration}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        header = "Generate an ECDSA key pair for mlgate sign and mlgate verify.",
        description = {"Draws a key pair from SecureRandom and writes the private key to --out as PKCS#8 PEM (mode 0600; "
                + "encrypted with PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC when --key-password-env names a variable holding the "
                + "password) and the public key beside it: key.pem -> key.pub.pem. Both files are staged and linked into "
                + "place; an existing file is never replaced."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:both files written",
            "2:usage error: a file exists, the folder is missing, unknown curve, password variable unset or empty",
            "3:could not complete: the files could not be written (nothing is left behind)"},
        footerHeading = "%nExamples:%n",
        footer = {"  mlgate keygen --out key.pem                  # key.pem and key.pub.pem",
            "  MLGATE_KEY_PASSWORD=... mlgate keygen --out release.pem --curve p384 --key-password-env MLGATE_KEY_PASSWORD"})
public final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--out", required = true, paramLabel = "KEY.pem",
            description = "The private key file to write; the public key goes to the same name with .pub.pem.")
    Path out;

    @Option(names = "--curve", defaultValue = "p256", paramLabel = "CURVE",
            description = "p256, p384 or p521, case-insensitive (default: ${DEFAULT-VALUE}).")
    String curve;

    @Option(names = "--key-password-env", paramLabel = "VAR",
            description = "Encrypt the private key with the password in environment variable VAR (refused if unset "
                    + "or empty). Sign with it using --key-password-env VAR.")
    String passwordEnv;

    @Override
    public Integer call() {
        Curve c = switch (curve.toLowerCase(Locale.ROOT).replace("-", "")) {
            case "p256" -> Curve.P256;
            case "p384" -> Curve.P384;
            case "p521" -> Curve.P521;
            default -> throw new UsageException("--curve must be p256, p384 or p521, got '" + curve + "'");
        };
        Streams s = parent.streams();
        char[] password = null;
        if (passwordEnv != null) {
            String value = s.env().get(passwordEnv);
            if (value == null || value.isEmpty()) {
                throw new UsageException("--key-password-env: the environment variable " + passwordEnv + " is "
                        + (value == null ? "not set" : "empty") + " (set it to the password, or leave out "
                        + "--key-password-env for an unencrypted key)");
            }
            password = value.toCharArray();
        }
        try {
            KeyGeneration.Written w = KeyGeneration.write(out, c, password);
            s.out().println("wrote " + w.privateKey() + " (private, " + c.displayName() + ", PKCS#8"
                    + (w.encrypted() ? ", encrypted" : "") + ", mode 0600) and " + w.publicKey() + " (public)");
            s.out().println("  key hint " + w.hint());
            return 0;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
