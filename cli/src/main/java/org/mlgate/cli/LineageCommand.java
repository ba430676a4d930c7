package org.mlgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.Artifact;
import org.mlgate.lineage.ArtifactKind;
import org.mlgate.lineage.BundleVerifier;
import org.mlgate.lineage.LineageEntry;
import org.mlgate.lineage.LineageException;
import org.mlgate.lineage.RecordReader;
import org.mlgate.lineage.store.GraphDot;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.sign.Signer;
import org.mlgate.sign.SigningMethod;
import org.mlgate.sign.VerificationFailure;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate lineage}: thin front end over the lineage store. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        header = "Record and query which data, code and models produced which models (by digest).",
        description = {"The store is an embedded H2 database under $MLGATE_HOME (default ~/.mlgate), created on first "
                + "use; --db JDBC_URL (or $MLGATE_LINEAGE_DB) selects another, e.g. "
                + "jdbc:postgresql://host/db?user=u. Records are append-only."},
        subcommands = {LineageCommand.Record.class, LineageCommand.Show.class, LineageCommand.Impact.class,
            LineageCommand.GraphCmd.class})
public final class LineageCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing lineage command (record, show, impact, graph)");
    }

    /** The shared {@code --db} option. */
    static final class Db {
        @Option(names = "--db", paramLabel = "JDBC_URL", description = "The lineage store: an H2 file path, "
                + "jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB?user=U, with settings from an allowlist only "
                + "(default: $MLGATE_LINEAGE_DB, else an H2 file under $MLGATE_HOME).")
        String url;

        /** Checked before anything is opened: a URL setting off the allowlist is a usage error naming it. */
        StoreConfig config(Streams s) {
            return url != null ? StoreConfig.url(url) : StoreConfig.fromEnvironment(s.env());
        }

        /** A read against the store. */
        @FunctionalInterface
        interface Query<T> {
            T run(LineageStore store) throws SQLException;
        }

        /** Opens the store, runs one query, closes it; store failures are "could not complete". */
        <T> T query(Streams s, Query<T> q) {
            try (LineageStore store = open(s)) {
                return q.run(store);
            } catch (SQLException e) {
                throw new IncompleteException("cannot query the lineage store: " + e.getMessage(), e);
            }
        }

        LineageStore open(Streams s) {
            StoreConfig cfg = config(s);
            try {
                if (cfg.isH2() && url == null) {
                    Files.createDirectories(StoreConfig.home(s.env()));
                }
                return LineageStore.open(cfg);
            } catch (SQLException | IOException e) {
                throw new IncompleteException("cannot open the lineage store: " + e.getMessage(), e);
            }
        }
    }

    /** {@code f} in lower case if it is one of {@code allowed} (compared case-insensitively), else a usage error. */
    static String format(String f, String... allowed) {
        String lower = f.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return lower;
            }
        }
        throw new UsageException("--format must be one of " + String.join(", ", allowed) + ", got '" + f + "'");
    }

    /** A digest as sha256sum prints it, optionally prefixed with {@code sha256:}. */
    static String digest(String s) {
        String d = s.startsWith("sha256:") ? s.substring(7) : s;
        d = d.toLowerCase(Locale.ROOT);
        try {
            return Artifact.requireDigest(d);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String json(Object o) {
        return Json.pretty(o);
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            header = "Record provenance statements, scan attestations, deployments or model signatures.",
            description = {"FILE is an in-toto statement (recorded as unsigned) or a Sigstore bundle holding one; a "
                    + "bundle is recorded only if its signature verifies. Understood predicates: SLSA provenance v1, "
                    + "model signing v1.0, mlgate scan attestations, mlgate deployments. Recording the same file twice "
                    + "stores it once."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:recorded (or already recorded)", "1:refused: a signature that does not verify",
                "2:usage error", "3:could not complete: malformed or unsupported file, store unavailable"})
    static final class Record implements Callable<Integer> {
        @ParentCommand
        LineageCommand lineage;

        @Mixin
        Db db;

        @Option(names = "--kind", defaultValue = "model", paramLabel = "KIND",
                description = "What a model-signing statement's subject is: model or dataset (default ${DEFAULT-VALUE}).")
        String kind;

        @Mixin
        ReportFormatOption format;

        @Option(names = "--public-key", paramLabel = "PUB.pem", description = "A public key that may have signed the "
                + "bundles (repeatable, for key rotation).")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--certificate-chain", paramLabel = "CA.pem",
                description = "Trust anchors for bundles signed with the certificate method (repeatable).")
        List<Path> anchors = new ArrayList<>();

        @Option(names = "--private-key", paramLabel = "KEY.pem", description = "Sign unsigned statements with this EC "
                + "private key first: FILE.sig (a Sigstore bundle, verifiable with 'mlgate verify --provenance') is written "
                + "beside FILE and recorded instead.")
        Path signKey;

        @Option(names = "--key-password-env", paramLabel = "VAR",
                description = "Environment variable holding the password of an encrypted --private-key.")
        String passwordEnv;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "In-toto statements or Sigstore bundles "
                + "holding one (e.g. provenance.json, model.sig, PATH.scan.sig).")
        List<Path> files;

        private BundleVerifier verifier(org.mlgate.sign.keys.PemFiles.KeyPair signing) {
            if (!keys.isEmpty() && !anchors.isEmpty()) {
                throw new UsageException("give --public-key or --certificate-chain, not both");
            }
            List<java.security.interfaces.ECPublicKey> trusted = new ArrayList<>(SigningInputs.publicKeys(keys));
            if (signing != null) {
                trusted.add(signing.publicKey());
            }
            if (trusted.isEmpty() && anchors.isEmpty()) {
                return null;
            }
            VerificationMethod method = anchors.isEmpty() ? new VerificationMethod.Keys(trusted)
                    : new VerificationMethod.Certificates(SigningInputs.certificates(anchors), Clock.systemUTC());
            return bundle -> {
                try {
                    return Verifier.verifyStatementSignature(bundle, method);
                } catch (VerificationFailure f) {
                    throw LineageException.unverified(f.getMessage());
                }
            };
        }

        /** The JSON document. */
        record Report(List<Outcome> records) { }

        /** One outcome. */
        record Outcome(String file, String record, String type, boolean created, boolean verified, String signer,
                       int artifacts, int edges) { }

        @Override
        public Integer call() {
            ArtifactKind signedKind;
            try {
                signedKind = ArtifactKind.fromLabel(kind.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (signedKind != ArtifactKind.MODEL && signedKind != ArtifactKind.DATASET) {
                throw new UsageException("--kind must be model or dataset");
            }
            Streams s = lineage.parent.streams();
            org.mlgate.sign.keys.PemFiles.KeyPair signing = signKey == null ? null
                    : SigningInputs.privateKey(signKey, "--private-key", passwordEnv, s);
            BundleVerifier verifier = verifier(signing);
            List<Outcome> outcomes = new ArrayList<>();
            try (LineageStore store = db.open(s)) {
                for (Path f : files) {
                    if (!Files.isRegularFile(f)) {
                        throw new UsageException("no such file: " + f);
                    }
                    byte[] bytes = RecordReader.readFile(f);
                    Path source = f;
                    if (signing != null && RecordReader.isBareStatement(bytes)) {
                        bytes = Signer.bundle(bytes, new SigningMethod.Key(signing));
                        source = f.resolveSibling(f.getFileName() + ".sig");
                        AtomicOutput.write(source, bytes);
                    }
                    LineageEntry e = RecordReader.read(bytes, source.toString(), verifier, signedKind);
                    LineageStore.Recorded r = store.record(e);
                    outcomes.add(new Outcome(source.toString(), e.recordDigest(), e.type().label(), r.created(),
                            e.verified(), e.signer(), e.mentions().size(), e.edges().size()));
                }
            } catch (IOException | SQLException e) {
                throw new IncompleteException("cannot record: " + e.getMessage(), e);
            }
            if (format.json()) {
                s.out().println(json(new Report(outcomes)));
            } else {
                for (Outcome o : outcomes) {
                    s.out().println((o.created() ? "recorded " : "already recorded ") + o.type() + " " + o.record()
                            + " from " + o.file() + ": " + o.artifacts() + " artifacts, " + o.edges() + " edges, "
                            + (o.verified() ? "signed by " + o.signer() : "unsigned"));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, header = "Everything recorded about one artifact.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:found", "1:no such artifact in the store", "2:usage error", "3:store unavailable"})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        LineageCommand lineage;

        @Mixin
        Db db;

        @Mixin
        ReportFormatOption format;

        @Parameters(paramLabel = "DIGEST", description = "SHA-256 as sha256sum prints it (or sha256:HEX)")
        String digest;

        @Override
        public Integer call() {
            Streams s = lineage.parent.streams();
            String d = digest(digest);
            Optional<LineageStore.ArtifactView> view = db.query(s, store -> store.show(d));
            if (view.isEmpty()) {
                throw new PolicyException(digest + " is not in the lineage store");
            }
            LineageStore.ArtifactView v = view.get();
            if (format.json()) {
                s.out().println(json(v));
                return 0;
            }
            s.out().println(v.artifact().kind().label() + " " + v.artifact().digest()
                    + (v.artifact().name() != null ? "  " + v.artifact().name() : ""));
            for (LineageStore.Mention m : v.records()) {
                s.out().println("  " + m.role() + " in " + m.recordType() + " record " + m.recordDigest().substring(0, 12)
                        + (m.detail() != null ? " (" + m.detail() + ")" : "") + ", "
                        + (m.verified() ? "signed by " + m.signer() : "unsigned") + ", recorded " + m.recordedAt());
            }
            v.upstream().forEach(e -> s.out().println("  from " + e.from() + " (" + e.relation().label() + ")"));
            v.downstream().forEach(e -> s.out().println("  to   " + e.to() + " (" + e.relation().label() + ")"));
            return 0;
        }
    }

    @Command(name = "impact", mixinStandardHelpOptions = true,
            header = "Every run, model, scan and deployment derived from an artifact, transitively.",
            description = "The blast radius of a poisoned dataset or a malicious base model: each derived artifact "
                    + "once, never DIGEST itself, cycles followed once. DIGEST is a file's SHA-256 as sha256sum prints "
                    + "it, or a signed directory's root digest.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:listed (possibly nothing)", "2:usage error",
                "3:store unavailable, or the lineage is deeper than --max-depth"})
    static final class Impact implements Callable<Integer> {
        @ParentCommand
        LineageCommand lineage;

        @Mixin
        Db db;

        @Mixin
        ReportFormatOption format;

        @Option(names = "--max-depth", paramLabel = "HOPS", defaultValue = "" + LineageStore.MAX_DEPTH,
                description = "Follow at most HOPS edges from DIGEST (default ${DEFAULT-VALUE}); a lineage reaching "
                        + "further is reported (exit 3), never listed in part.")
        int maxDepth;

        @Parameters(paramLabel = "DIGEST", description = "SHA-256 as sha256sum prints it (or sha256:HEX), or a signed "
                + "directory's root digest.")
        String digest;

        /** The JSON document. */
        record Report(String digest, boolean known, List<Artifact> artifacts) { }

        @Override
        public Integer call() {
            Streams s = lineage.parent.streams();
            String d = digest(digest);
            if (maxDepth < 1) {
                throw new UsageException("--max-depth must be at least 1, got " + maxDepth);
            }
            Report r = db.query(s, store -> new Report(d, store.show(d).isPresent(), store.impact(d, maxDepth)));
            if (format.json()) {
                s.out().println(json(r));
                return 0;
            }
            if (!r.known()) {
                s.out().println(d + " is not in the lineage store: nothing recorded was derived from it");
                return 0;
            }
            s.out().println(r.artifacts().size() + " artifacts derived from " + d + ":");
            for (Artifact a : r.artifacts()) {
                s.out().println("  " + a.kind().label() + " " + a.digest() + (a.name() != null ? "  " + a.name() : ""));
            }
            return 0;
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true,
            header = "The lineage graph (all of it, or what is connected to DIGEST) as Graphviz DOT or JSON.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:written", "2:usage error", "3:store unavailable or graph too large"})
    static final class GraphCmd implements Callable<Integer> {
        @ParentCommand
        LineageCommand lineage;

        @Mixin
        Db db;

        @Mixin
        OutputOption output;

        @Option(names = {"-f", "--format"}, defaultValue = "dot", paramLabel = "FORMAT",
                description = "Report format: dot (Graphviz) or json (default ${DEFAULT-VALUE}).")
        String format;

        @Parameters(paramLabel = "DIGEST", arity = "0..1", description = "Only what is connected to this artifact "
                + "(SHA-256 or sha256:HEX); default: the whole graph.")
        String digest;

        @Override
        public Integer call() {
            String f = format(format, "dot", "json");
            output.check();
            Streams s = lineage.parent.streams();
            String d = digest == null ? null : digest(digest);
            LineageStore.Graph g = db.query(s, store -> store.graph(d));
            output.write(s, f.equals("json") ? json(g) + "\n" : GraphDot.render(g),
                    java.nio.charset.StandardCharsets.UTF_8);
            return 0;
        }
    }
}
