package org.mlgate.serve;

import io.javalin.Javalin;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.MlgateException;
import org.mlgate.core.UsageException;
import org.mlgate.gate.DeploymentRecord;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.serve.http.HttpFront;
import org.mlgate.serve.keys.ApiKeys;
import org.mlgate.serve.keys.Budgets;
import org.mlgate.serve.keys.Caller;
import org.mlgate.serve.policy.OutputPolicy;
import org.mlgate.serve.state.AuditLog;
import org.mlgate.serve.state.KeyRow;
import org.mlgate.serve.state.StateStore;

/**
 * A running prediction server. {@link #start} does everything that can fail before the port opens — database,
 * keys, every model verified, scanned and loaded, deployment recorded — so that a listening server serves. Keys
 * created or revoked with {@code mlgate api-keys} while it runs take effect within {@link #KEY_REFRESH_SECONDS}.
 */
public final class PredictionServer implements AutoCloseable {
    static final int KEY_REFRESH_SECONDS = 2;

    private final StateStore store;
    private final AuditLog audit;
    private final Javalin app;
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final PredictionService service;

    private PredictionServer(StateStore store, AuditLog audit, Javalin app, ScheduledExecutorService refresher,
                             PredictionService service) {
        this.store = store;
        this.audit = audit;
        this.app = app;
        this.refresher = refresher;
        this.service = service;
    }

    /** Starts a server; {@code log} gets the start-up notes (stderr in the CLI). */
    public static PredictionServer start(ServeSettings s, PrintStream log) {
        List<ServedModel> models = new ArrayList<>();
        for (ServeSettings.ModelSpec m : s.models()) {
            models.add(ModelLoader.load(m.name(), m.dir(), s.trust(), m.policy() != null ? m.policy() : s.policy()));
        }
        StateStore store = StateStore.open(s.stateDb());
        AuditLog audit = null;
        ScheduledExecutorService refresher = null;
        try {
            ApiKeys keys = new ApiKeys(s.secret() != null ? s.secret() : store.secret(), s.apiKeys());
            keys.replaceStored(stored(store));
            if (keys.isEmpty()) {
                throw new UsageException("no API key: create one with 'mlgate api-keys create', or give --api-key-file "
                        + "FILE or MLGATE_API_KEY");
            }
            audit = new AuditLog(store);
            Budgets budgets = new Budgets(s.limits(), Clock.systemUTC(), store::predictionsServed);
            PredictionService service = new PredictionService(models, keys, budgets, audit, s.requestLimits(),
                    Clock.systemUTC());
            notes(s, models, log);
            refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon(true)
                    .name("mlgate-key-refresh").unstarted(r));
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    keys.replaceStored(stored(store));
                } catch (MlgateException e) {
                    log.println("mlgate serve: cannot refresh API keys: " + e.getMessage());
                }
            }, KEY_REFRESH_SECONDS, KEY_REFRESH_SECONDS, TimeUnit.SECONDS);
            PredictionServer[] self = new PredictionServer[1];
            Javalin app = HttpFront.create(service, () -> self[0] != null && self[0].ready.get());
            self[0] = new PredictionServer(store, audit, app, refresher, service);
            try {
                app.start(s.host(), s.port());
            } catch (RuntimeException e) {
                throw new IncompleteException("cannot listen on " + s.host() + ":" + s.port() + ": "
                        + rootMessage(e), e);
            }
            recordDeployments(s, models, "http://" + s.host() + ":" + app.port(), log);
            self[0].ready.set(true);
            return self[0];
        } catch (RuntimeException e) {
            if (refresher != null) {
                refresher.shutdownNow();
            }
            if (audit != null) {
                audit.close();
            }
            store.close();
            throw e;
        }
    }

    private static List<Caller> stored(StateStore store) {
        return store.keys().stream().filter(k -> !k.revoked()).map(PredictionServer::caller).toList();
    }

    static Caller caller(KeyRow k) {
        return new Caller(k.id(), k.policy() == null ? null : OutputPolicy.parse(k.policy()), k.budget(),
                k.dailyBudget());
    }

    private static void notes(ServeSettings s, List<ServedModel> models, PrintStream log) {
        for (ServedModel m : models) {
            log.println("mlgate serve: model " + m.name() + " (sha256 " + m.pkg().weightsSha256() + ") "
                    + (m.verified() ? "verified (" + m.admission().signature().signer() + "), scanned SAFE"
                    : "NOT VERIFIED: --insecure-skip-verify"));
        }
        if (models.stream().anyMatch(m -> m.policy() instanceof OutputPolicy.Raw)) {
            log.println("mlgate serve: warning: output policy raw returns full-precision scores to every key, which "
                    + "makes the model easy to copy (Tramèr et al.)");
        }
        if (s.limits().none()) {
            log.println("mlgate serve: no rate limit and no budget apply (--rate, --budget, --daily-budget)");
        }
    }

    private static void recordDeployments(ServeSettings s, List<ServedModel> models, String target, PrintStream log) {
        if (s.lineage() == null) {
            return;
        }
        try (LineageStore lineage = LineageStore.open(s.lineage())) {
            for (ServedModel m : models) {
                if (m.verified()) {
                    DeploymentRecord.record(lineage, DeploymentRecord.statement(m.admission(), m.name(), target,
                            java.time.Instant.now()), m.name());
                } else {
                    log.println("mlgate serve: no deployment record for unverified model " + m.name());
                }
            }
        } catch (SQLException e) {
            throw new IncompleteException("cannot record the deployment in the lineage store: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    public int port() {
        return app.port();
    }

    public PredictionService service() {
        return service;
    }

    /** Stops accepting, lets in-flight requests finish, flushes the audit log, closes the database. */
    @Override
    public void close() {
        ready.set(false);
        refresher.shutdownNow();
        app.stop();
        audit.close();
        store.close();
    }
}
