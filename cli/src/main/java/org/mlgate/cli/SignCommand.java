package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.sign.SignOptions;
import org.mlgate.sign.Signer;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.hash.RefusedPathException;
import org.mlgate.sign.hash.Serialization;
import org.mlgate.sign.keys.PemFiles;
import org.mlgate.sign.keys.PublicKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate sign}: thin front end over {@link Signer}. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        header = "Sign a model or dataset (a file or a directory) in the OpenSSF model-signing format (OMS v1.0).",
        description = {"Hashes every file of PATH with SHA-256 (in parallel, streaming; with --shard-size, large files in "
                + "fixed-size shards), writes an in-toto statement listing each file and the root digest, signs its DSSE "
                + "encoding with ECDSA (P-256, P-384 or P-521, the hash matching the curve) and writes a Sigstore bundle: "
                + "model.sig inside a directory, PATH.sig beside a file (or --signature). The signature file, .git, "
                + ".gitattributes, .github, .gitignore and --ignore-paths are left out and recorded as ignore_paths. "
                + "Symbolic links are refused. The same files and key always give the same bundle, byte for byte "
                + "(deterministic RFC 6979 ECDSA). Any conformant OMS verifier (e.g. the reference model_signing tool) "
                + "accepts the bundle.",
            "",
            "Methods: a private key (--private-key; the bundle names the public key by its hint), or a certificate "
                + "(--private-key with --certificate LEAF.pem and --certificate-chain for the intermediates to embed). "
                + "Sigstore keyless signing is not supported (it needs the Sigstore services and trust root)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:signed",
            "2:usage error: bad option, missing PATH, unreadable or unsupported key or certificate, empty model, "
                + "symbolic link in the model",
            "3:could not complete: a file could not be read, the bundle could not be written"},
        footerHeading = "%nExamples:%n",
        footer = {"  mlgate sign --private-key signing-key.pem models/bert",
            "  MLGATE_KEY_PASSWORD=... mlgate sign --private-key enc.pem \\",
            "      --key-password-env MLGATE_KEY_PASSWORD data/train.parquet",
            "  mlgate sign --private-key leaf-key.pem --certificate leaf.pem \\",
            "      --certificate-chain intermediate.pem models/bert"})
public final class SignCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--private-key", required = true, paramLabel = "KEY.pem",
            description = "The EC private key (PKCS#8, SEC1 \"EC PRIVATE KEY\" or encrypted PKCS#8; text before "
                    + "-----BEGIN is skipped).")
    Path key;

    @Option(names = "--key-password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the password of an encrypted key.")
    String passwordEnv;

    @Option(names = "--certificate", paramLabel = "LEAF.pem",
            description = "Sign with the certificate method: the signing certificate for --private-key.")
    Path certificate;

    @Option(names = "--certificate-chain", paramLabel = "CA.pem",
            description = "Intermediate certificates to embed after the leaf (repeatable; self-signed roots are left "
                    + "out: verifiers bring their own). Only with --certificate.")
    List<Path> chain = new ArrayList<>();

    @Option(names = "--signature", paramLabel = "FILE",
            description = "Where to write the bundle (default: model.sig inside a directory, PATH.sig beside a file).")
    Path signature;

    @Option(names = "--ignore-paths", paramLabel = "P",
            description = "A path to leave out, relative to the model (repeatable); recorded in the bundle.")
    List<String> ignorePaths = new ArrayList<>();

    @Option(names = "--shard-size", paramLabel = "BYTES",
            description = "Use the shards method: hash files in shards of BYTES (the reference default is 1000000000), "
                    + "so one large file is hashed on all cores. Default: the files method (one digest per file).")
    Long shardSize;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of processors).")
    Integer threads;

    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Parameters(paramLabel = "PATH", description = "The model or dataset: a file or a directory.")
    Path path;

    /** The JSON document. */
    public record Outcome(String path, String signature, String method, String serialization, Long shardSize,
                          int resources, String rootDigest, String signer) { }

    @Override
    public Integer call() throws JsonProcessingException {
        if (!Files.exists(path)) {
            throw new UsageException("no such file or directory: " + path);
        }
        if (shardSize != null && shardSize < 1) {
            throw new UsageException("--shard-size must be positive, got " + shardSize);
        }
        if (certificate == null && !chain.isEmpty()) {
            throw new UsageException("--certificate-chain needs --certificate (the signing certificate)");
        }
        Streams s = parent.streams();
        PemFiles.KeyPair pair = SigningInputs.privateKey(key, "--private-key", passwordEnv, s);
        SigningMethod method;
        String signer;
        if (certificate != null) {
            List<X509Certificate> leaf = SigningInputs.certificates(List.of(certificate));
            try {
                method = new SigningMethod.Certificate(pair, leaf.getFirst(), SigningInputs.certificates(chain));
            } catch (IllegalArgumentException e) {
                throw new UsageException(certificate + ": " + e.getMessage(), e);
            }
            signer = leaf.getFirst().getSubjectX500Principal().getName();
        } else {
            method = new SigningMethod.Key(pair);
            signer = PublicKeys.hint(pair.publicKey());
        }
        Serialization.Method ser = shardSize == null ? Serialization.Method.FILES : Serialization.Method.SHARDS;
        SignOptions options;
        try {
            options = new SignOptions(method, signature, ser, shardSize == null ? 0 : shardSize, ignorePaths,
                    SigningInputs.threads(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Signer.Signed signed;
        try {
            signed = Signer.sign(path, options);
        } catch (RefusedPathException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IncompleteException("cannot sign " + path + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        var m = signed.manifest();
        Outcome o = new Outcome(path.toString(), signed.signature().toString(),
                method instanceof SigningMethod.Key ? "key" : "certificate", ser.id(), shardSize,
                m.resources().size(), m.rootDigest(), signer);
        if (format.json()) {
            s.out().println(Json.pretty(o));
        } else {
            int n = m.resources().size();
            s.out().println("SIGNED  " + path + "  (" + n + (ser == Serialization.Method.FILES
                    ? (n == 1 ? " file" : " files") : (n == 1 ? " shard" : " shards")) + ", root sha256 " + SigningInputs.shortHex(m.rootDigest()) + ")");
            s.out().println("  signature: " + signed.signature());
            s.out().println("  " + o.method() + ": " + (method instanceof SigningMethod.Key
                    ? "hint " + SigningInputs.shortHex(signer) : signer));
        }
        return ExitCode.OK.code();
    }
}
