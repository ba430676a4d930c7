package org.mlgate.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.serve.PredictionServer;
import org.mlgate.serve.ServeRequest;
import org.mlgate.serve.ServeSettings;
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
        if (insecure) {
            s.err().println("mlgate serve: WARNING: --insecure-skip-verify: models are served without signature "
                    + "verification or scan");
        }
        return ServeSettings.from(new ServeRequest(config, models, verifyKeys, requireScan, scanKeys, insecure, policy,
                budget, dailyBudget, rate, apiKeys, apiKeyFile, stateDb, lineageDb, host, port, maxBody, maxBatch),
                s.env());
    }
}
