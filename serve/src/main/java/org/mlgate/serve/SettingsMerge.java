package org.mlgate.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.UsageException;
import org.mlgate.gate.ScanRequirement;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.scan.Scanner;
import org.mlgate.serve.keys.Limits;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.StateDb;
import org.mlgate.sign.VerificationMethod;
import org.mlgate.sign.VerifyOptions;
import org.mlgate.sign.keys.KeyFiles;

/** Merges a {@link ServeRequest} over its {@code serve.yaml} and the environment: flags win, then the file, then defaults. */
final class SettingsMerge {
    private static final ServeConfig NO_FILE = new ServeConfig(List.of(), Optional.empty(), Optional.empty(),
            List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    private SettingsMerge() {
    }

    static ServeSettings merge(ServeRequest r, Map<String, String> env) {
        ServeConfig c = r.config() != null ? ServeConfig.load(r.config()) : NO_FILE;
        // paths in the file are relative to the file's folder
        Path base = r.config() != null ? r.config().toAbsolutePath().getParent() : Path.of("");
        List<Path> publicKeys = !r.verifyKeys().isEmpty() ? r.verifyKeys()
                : c.verifyKeys().stream().map(base::resolve).toList();
        if (r.insecureSkipVerify() && !publicKeys.isEmpty()) {
            throw new UsageException("--insecure-skip-verify and --public-key exclude each other");
        }
        if (!r.insecureSkipVerify() && publicKeys.isEmpty()) {
            throw new UsageException("give --public-key PUB.pem (models are served only when their signature "
                    + "verifies), or --insecure-skip-verify");
        }
        List<ServeSettings.ModelSpec> specs = models(r, c, base);
        if (r.requireScan() != null && specs.size() != 1) {
            throw new UsageException("--require-scan names one attestation: use it with one model");
        }
        List<String> keys = new ArrayList<>(r.apiKeys());
        String envKey = env.get("MLGATE_API_KEY");
        if (envKey != null && !envKey.isBlank()) {
            keys.add(envKey.strip());
        }
        Path keyFile = r.apiKeyFile() != null ? r.apiKeyFile() : c.apiKeyFile().map(base::resolve).orElse(null);
        if (keyFile != null) {
            keys.addAll(keyFile(keyFile));
        }
        Optional<ServeConfig.LimitsConfig> l = c.limits();
        String rate = r.rate() != null ? r.rate() : l.flatMap(ServeConfig.LimitsConfig::rate).orElse(null);
        Limits limits = new Limits(rate == null ? null : Limits.Rate.parse(rate),
                r.budget() != null ? r.budget() : l.flatMap(ServeConfig.LimitsConfig::budget).orElse(null),
                r.dailyBudget() != null ? r.dailyBudget()
                        : l.flatMap(ServeConfig.LimitsConfig::dailyBudget).orElse(null));
        ServeLimits requestLimits = new ServeLimits(
                r.maxBody() != null ? r.maxBody() : c.maxBody().orElse(ServeLimits.DEFAULT.maxBody()),
                r.maxBatch() != null ? r.maxBatch() : c.maxBatch().orElse(ServeLimits.DEFAULT.maxBatch()));
        String secret = env.get("MLGATE_SERVE_SECRET");
        StoreConfig lineage = r.lineageDb() != null ? StoreConfig.url(r.lineageDb()) : StoreConfig.fromEnvironment(env);
        String state = r.stateDb() != null ? r.stateDb() : c.stateDb().orElse(null);
        return new ServeSettings(specs, trust(r, publicKeys),
                OutputPolicy.parse(r.policy() != null ? r.policy() : c.policy().orElse("label")), limits,
                requestLimits, keys, state != null ? StateDb.parse(state) : StateDb.embedded(StoreConfig.home(env)),
                lineage, secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8),
                r.host() != null ? r.host() : c.host().orElse("127.0.0.1"),
                r.port() != null ? r.port() : c.port().orElse(8080));
    }

    private static List<ServeSettings.ModelSpec> models(ServeRequest r, ServeConfig c, Path base) {
        List<ServeSettings.ModelSpec> specs = new ArrayList<>();
        for (String m : r.models()) {
            int eq = m.indexOf('=');
            Path dir = Path.of(eq > 0 ? m.substring(eq + 1) : m);
            specs.add(new ServeSettings.ModelSpec(eq > 0 ? m.substring(0, eq) : folderName(dir), dir));
        }
        if (specs.isEmpty()) { // flags replace the file's models rather than adding to them
            for (ServeConfig.Model m : c.models()) {
                Path dir = base.resolve(m.path());
                specs.add(new ServeSettings.ModelSpec(m.name().orElse(folderName(dir)), dir,
                        m.policy().map(OutputPolicy::parse).orElse(null)));
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("no model to serve: give --model DIR (or models: in --config)");
        }
        return specs;
    }

    private static ModelLoader.Trust trust(ServeRequest r, List<Path> publicKeys) {
        if (r.insecureSkipVerify()) {
            return new ModelLoader.Trust.InsecureSkipVerify();
        }
        VerificationMethod.Keys keys = new VerificationMethod.Keys(KeyFiles.publicKeys(publicKeys));
        ScanRequirement scan = r.requireScan() == null
                ? new ScanRequirement.InProcess(Scanner.builder().build())
                : new ScanRequirement.Attested(r.requireScan(), new VerificationMethod.Keys(KeyFiles.publicKeys(
                        r.scanKeys().isEmpty() ? publicKeys : r.scanKeys())), Scanner.builder().build());
        return new ModelLoader.Trust.Gated(new VerifyOptions(keys, null, List.of(), false,
                Runtime.getRuntime().availableProcessors()), scan);
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
