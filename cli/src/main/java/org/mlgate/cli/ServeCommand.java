package org.mlgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.UsageException;
import org.mlgate.gate.ScanRequirement;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.scan.Scanner;
import org.mlgate.serve.ModelLoader;
import org.mlgate.serve.PredictionServer;
import org.mlgate.serve.ServeConfig;
import org.mlgate.serve.ServeLimits;
import org.mlgate.serve.ServeSettings;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate serve}: parses options into {@link ServeSettings} and runs a {@link PredictionServer} until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve model packages behind a hardened prediction API.",
        description = {"Each --model folder must verify with --public-key (or its synonym --verify-key) and every signed file must scan SAFE (scanned "
                + "now, or --require-scan ATTESTATION); then the port opens. POST /v1/models/NAME:predict with "
                + "{\"instances\": [{feature: value, ...}]} and 'Authorization: Bearer KEY'. Keys: 'mlgate api-keys "
                + "create', --api-key-file, $MLGATE_API_KEY or --api-key. Every request is audited in the server's "
                + "database ($MLGATE_HOME/serve.mv.db or --state-db) before it is answered.",
            "",
            "Once listening, the first line on standard output is 'listening on http://HOST:PORT'. SIGTERM stops "
                + "gracefully (in-flight requests finish, the audit log is flushed)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped by SIGTERM", "1:a model is not verified, not SAFE or inconsistent",
            "2:usage error (options, files, no API key)", "3:could not complete (port in use, database unreachable)"})
public final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--config", paramLabel = "serve.yaml", description = "Settings file (models, policies, limits, "
            + "keys, database, address; see serve/README.md); flags override it.")
    Path config;

    @Option(names = "--model", paramLabel = "[NAME=]DIR",
            description = "A model folder written by 'mlgate train' (repeatable; replaces the config's models); its "
                    + "URL name is the folder's name unless given as NAME=DIR.")
    List<String> models = new ArrayList<>();

    @Option(names = {"--public-key", "--verify-key"}, paramLabel = "PUB.pem",
            description = "Public key the models' signatures must verify with (repeatable, for key rotation; "
                    + "--verify-key is a synonym).")
    List<Path> verifyKeys = new ArrayList<>();

    @Option(names = "--require-scan", paramLabel = "ATTESTATION", description = "Accept this scan attestation "
            + "(mlgate scan --attest) instead of scanning at start (one --model only).")
    Path requireScan;

    @Option(names = "--scan-key", paramLabel = "PUB.pem", description = "Key of the scanner that signed "
            + "--require-scan (default: --public-key).")
    List<Path> scanKeys = new ArrayList<>();

    @Option(names = "--insecure-skip-verify", description = "Serve without verifying or scanning (logged at start "
            + "and shown in /v1/models).")
    boolean insecure;

    @Option(names = "--policy", paramLabel = "POLICY", description = "Default output policy: raw, round:K, label, "
            + "topk:K, bins:NAME,CUT,NAME[,CUT,NAME...], reverse-sigmoid:BETA,GAMMA or noise:SIGMA (default: label; a "
            + "model in the config or a stored key may have its own).")
    String policy;

    @Option(names = "--budget", paramLabel = "N", description = "Lifetime predictions per key (a batch of 100 "
            + "costs 100); 403 once spent. Counted from the audit log, so it survives restarts.")
    Long budget;

    @Option(names = "--daily-budget", paramLabel = "N", description = "Predictions per key per UTC day; 429 until "
            + "midnight once spent.")
    Long dailyBudget;

    @Option(names = "--rate", paramLabel = "N/s|N/min|N/h", description = "Requests per key per period; 429 with "
            + "Retry-After above it.")
    String rate;

    @Option(names = "--api-key", paramLabel = "KEY", description = "An API key (repeatable; for tests: it shows in "
            + "the process list).")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "API keys, one per line ('#' comments).")
    Path apiKeyFile;

    @Option(names = "--state-db", paramLabel = "PATH|URL", description = "The server's database: an H2 file path or "
            + "a jdbc:postgresql:// URL (default: $MLGATE_HOME/serve.mv.db).")
    String stateDb;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "The lineage store deployment records go to "
            + "(default: $MLGATE_LINEAGE_DB, else an H2 file under $MLGATE_HOME).")
    String lineageDb;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the port to FILE once listening.")
    Path portFile;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (default 1048576).")
    Integer maxBody;

    @Option(names = "--max-batch", paramLabel = "N", description = "Most instances per request (default 1000).")
    Integer maxBatch;

    @Override
    public Integer call() throws InterruptedException {
        Streams s = parent.streams();
        ServeSettings settings = settings(s);
        PredictionServer server = PredictionServer.start(settings, s.err());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        s.out().println("listening on http://" + settings.host() + ":" + server.port());
        s.out().flush();
        if (portFile != null) {
            AtomicFiles.writeChecked(portFile, o -> o.write((server.port() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        stopped.await();
        return 0;
    }

    ServeSettings settings(Streams s) {
        ServeConfig c = config != null ? ServeConfig.load(config) : new ServeConfig(List.of(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        Path base = config != null ? config.toAbsolutePath().getParent() : Path.of("");
        List<Path> publicKeys = !verifyKeys.isEmpty() ? verifyKeys
                : c.verifyKeys().stream().map(base::resolve).toList();
        if (insecure && !publicKeys.isEmpty()) {
            throw new UsageException("--insecure-skip-verify and --public-key exclude each other");
        }
        if (!insecure && publicKeys.isEmpty()) {
            throw new UsageException("give --public-key PUB.pem (models are served only when their signature "
                    + "verifies), or --insecure-skip-verify");
        }
        List<ServeSettings.ModelSpec> specs = new ArrayList<>();
        for (String m : models) {
            int eq = m.indexOf('=');
            Path dir = Path.of(eq > 0 ? m.substring(eq + 1) : m);
            specs.add(new ServeSettings.ModelSpec(eq > 0 ? m.substring(0, eq) : folderName(dir), dir));
        }
        if (specs.isEmpty()) {
            for (ServeConfig.Model m : c.models()) {
                Path dir = base.resolve(m.path());
                specs.add(new ServeSettings.ModelSpec(m.name().orElse(folderName(dir)), dir,
                        m.policy().map(OutputPolicy::parse).orElse(null)));
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("no model to serve: give --model DIR (or models: in --config)");
        }
        if (requireScan != null && specs.size() != 1) {
            throw new UsageException("--require-scan names one attestation: use it with one model");
        }
        ModelLoader.Trust trust;
        if (insecure) {
            s.err().println("mlgate serve: WARNING: --insecure-skip-verify: models are served without signature "
                    + "verification or scan");
            trust = new ModelLoader.Trust.InsecureSkipVerify();
        } else {
            VerificationMethod.Keys keys = new VerificationMethod.Keys(SigningInputs.publicKeys(publicKeys));
            ScanRequirement scan = requireScan == null
                    ? new ScanRequirement.InProcess(Scanner.builder().build())
                    : new ScanRequirement.Attested(requireScan, new VerificationMethod.Keys(SigningInputs.publicKeys(
                            scanKeys.isEmpty() ? publicKeys : scanKeys)), Scanner.builder().build());
            trust = new ModelLoader.Trust.Gated(new VerifyOptions(keys, null, List.of(), false,
                    Runtime.getRuntime().availableProcessors()), scan);
        }
        List<String> keys = new ArrayList<>(apiKeys);
        String envKey = s.env().get("MLGATE_API_KEY");
        if (envKey != null && !envKey.isBlank()) {
            keys.add(envKey.strip());
        }
        Path keyFile = apiKeyFile != null ? apiKeyFile : c.apiKeyFile().map(base::resolve).orElse(null);
        if (keyFile != null) {
            keys.addAll(keyFile(keyFile));
        }
        Optional<ServeConfig.LimitsConfig> l = c.limits();
        String r = rate != null ? rate : l.flatMap(ServeConfig.LimitsConfig::rate).orElse(null);
        Limits limits = new Limits(r == null ? null : Limits.Rate.parse(r),
                budget != null ? budget : l.flatMap(ServeConfig.LimitsConfig::budget).orElse(null),
                dailyBudget != null ? dailyBudget : l.flatMap(ServeConfig.LimitsConfig::dailyBudget).orElse(null));
        String secret = s.env().get("MLGATE_SERVE_SECRET");
        Path home = StoreConfig.home(s.env());
        StoreConfig lineage = lineageDb != null ? StoreConfig.url(lineageDb) : StoreConfig.fromEnvironment(s.env());
        String state = stateDb != null ? stateDb : c.stateDb().orElse(null);
        return new ServeSettings(specs, trust, OutputPolicy.parse(policy != null ? policy : c.policy().orElse("label")),
                limits, new ServeLimits(maxBody != null ? maxBody : c.maxBody().orElse(ServeLimits.DEFAULT.maxBody()),
                        maxBatch != null ? maxBatch : c.maxBatch().orElse(ServeLimits.DEFAULT.maxBatch())), keys,
                state != null ? StateDb.parse(state) : StateDb.embedded(home), lineage,
                secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8),
                host != null ? host : c.host().orElse("127.0.0.1"), port != null ? port : c.port().orElse(8080));
    }

    private static String folderName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    private static List<String> keyFile(Path f) {
        try {
            if (Files.size(f) > 1 << 20) {
                throw new UsageException("--api-key-file " + f + " is larger than 1 MiB");
            }
            return Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UsageException("cannot read --api-key-file " + f + ": " + AtomicFiles.describe(e), e);
        }
    }
}
