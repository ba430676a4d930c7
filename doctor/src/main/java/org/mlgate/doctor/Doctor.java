package org.mlgate.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.MlgateException;
import org.mlgate.core.UsageException;
import org.mlgate.lineage.store.LineageStore;
import org.mlgate.lineage.store.StoreConfig;
import org.mlgate.lineage.store.StoreUrl;
import org.mlgate.train.sandbox.Isolation;
import org.mlgate.train.sandbox.IsolationProof;
import org.mlgate.train.sandbox.Sandbox;
import org.mlgate.train.sandbox.SandboxProbe;

/**
 * Checks that this machine runs mlgate's default commands, reusing what those commands run: the training sandbox is
 * proven by {@link IsolationProof#probe} (the self-test {@code mlgate train} runs before reading a row), the lineage
 * store is chosen and validated by {@link StoreConfig}/{@link StoreUrl} and opened by {@link LineageStore#open}.
 * Only hosts the configuration names are contacted; nothing is probed that is not configured. Order: JDK, sandbox,
 * lineage store, PostgreSQL, Redis, Chromium.
 */
public final class Doctor {
    /** The JDK feature release mlgate is built and tested on. */
    public static final int JDK_EXPECTED = 25;
    /** Where Chromium is looked for besides {@code PATH} (it renders HTML reports to PDF; optional). */
    static final List<String> CHROMIUM_NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    /**
     * What to check.
     *
     * @param env       the environment ({@code MLGATE_HOME}, {@code MLGATE_LINEAGE_DB}, {@code PATH})
     * @param lineageDb {@code --db} as given, or null for the environment's choice
     */
    public record Settings(Map<String, String> env, String lineageDb) {
        public Settings {
            env = Map.copyOf(env);
        }
    }

    private final Settings settings;
    private final Supplier<Boolean> bubblewrapInstalled;

    private Doctor(Settings settings, Supplier<Boolean> bubblewrapInstalled) {
        this.settings = settings;
        this.bubblewrapInstalled = bubblewrapInstalled;
    }

    /**
     * Runs every check.
     *
     * @throws UsageException {@code lineageDb} (a command-line value) is not an accepted store URL
     */
    public static DoctorReport run(Settings settings) {
        return new Doctor(settings, Sandbox::bubblewrapInstalled).checks();
    }

    /** As {@link #run}, with bubblewrap's presence decided by the caller (tests of the "missing" path). */
    static DoctorReport run(Settings settings, Supplier<Boolean> bubblewrapInstalled) {
        return new Doctor(settings, bubblewrapInstalled).checks();
    }

    private DoctorReport checks() {
        List<Check> out = new ArrayList<>();
        out.add(jdk(Runtime.version().feature(), System.getProperty("java.home")));
        out.add(sandbox());
        StoreChoice store = store();
        out.add(lineageStore(store));
        out.add(postgres(store));
        out.add(redis());
        out.add(chromium());
        return DoctorReport.of(out);
    }

    static Check jdk(int feature, String home) {
        String detail = "JDK " + feature + " at " + home;
        if (feature < JDK_EXPECTED) {
            return Check.problem("jdk", true, detail, "install JDK " + JDK_EXPECTED
                    + " (e.g. apt-get install openjdk-25-jdk) and set JAVA_HOME");
        }
        return Check.ok("jdk", true, detail + (feature == JDK_EXPECTED ? "" : " (mlgate is built and tested on "
                + JDK_EXPECTED + ")"));
    }

    private Check sandbox() {
        String userns = userNamespaces();
        if (!bubblewrapInstalled.get()) {
            return Check.problem("training_sandbox", true, Sandbox.BWRAP + " is missing; " + userns,
                    IsolationProof.HOW_TO_FIX);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("mlgate-doctor-");
        } catch (IOException e) {
            throw new IncompleteException("doctor: cannot create a folder for the sandbox self-test: "
                    + org.mlgate.core.IoErrors.reason(e), e);
        }
        Check c;
        try {
            c = sandboxIn(dir, userns);
        } catch (RuntimeException e) {
            String left = delete(dir);
            if (left != null) {
                e.addSuppressed(new IOException(left));
            }
            throw e;
        }
        // A folder that cannot be removed does not change the check's outcome, but the report says so.
        String left = delete(dir);
        return left == null ? c : new Check(c.name(), c.status(), c.needed(), c.detail() + "; " + left, c.fix());
    }

    private static Check sandboxIn(Path dir, String userns) {
        try {
            Sandbox.Spec spec = new Sandbox.Spec(Isolation.BUBBLEWRAP, dir, List.of(), SandboxProbe.class, List.of());
            IsolationProof.Verdict v = IsolationProof.probe(spec);
            if (v.isolated()) {
                return Check.ok("training_sandbox", true, "bubblewrap isolates: the self-test reached no socket, "
                        + "file or namespace of this process; " + userns);
            }
            return Check.problem("training_sandbox", true, "the self-test was not isolated: "
                    + String.join("; ", v.problems()), IsolationProof.HOW_TO_FIX);
        } catch (IncompleteException e) {
            return Check.problem("training_sandbox", true, e.getMessage().replace(": " + IsolationProof.HOW_TO_FIX, "")
                    + "; " + userns, IsolationProof.HOW_TO_FIX);
        }
    }

    /** What the kernel says about unprivileged user namespaces (bubblewrap needs them), for the detail line. */
    static String userNamespaces() {
        Path max = Path.of("/proc/sys/user/max_user_namespaces");
        try {
            return "user.max_user_namespaces = " + Files.readString(max).strip();
        } catch (IOException | RuntimeException e) {
            return "user.max_user_namespaces unreadable";
        }
    }

    /** The store the default commands would use, or why none could be chosen (a refused environment URL). */
    private record StoreChoice(StoreConfig config, StoreUrl url, String source, String refusal) { }

    private StoreChoice store() {
        if (settings.lineageDb() != null) {
            StoreConfig c = StoreConfig.url(settings.lineageDb()); // a usage error on the command line: exit 2
            return new StoreChoice(c, StoreUrl.parse(settings.lineageDb()), "--db", null);
        }
        String env = settings.env().get(StoreConfig.DB_ENV);
        try {
            StoreConfig c = StoreConfig.fromEnvironment(settings.env());
            return new StoreChoice(c, StoreUrl.parse(c.jdbcUrl()), env != null && !env.isBlank()
                    ? "$" + StoreConfig.DB_ENV : "default", null);
        } catch (UsageException e) {
            return new StoreChoice(null, null, "$" + StoreConfig.DB_ENV, e.getMessage());
        }
    }

    private Check lineageStore(StoreChoice s) {
        if (s.refusal() != null) {
            return Check.problem("lineage_store", true, s.source() + " is refused: " + s.refusal(),
                    "set " + StoreConfig.DB_ENV + " to an H2 file path or a jdbc:postgresql:// URL with only allowed "
                            + "settings (lineage/README.md lists them), or unset it for the default store");
        }
        return switch (s.url()) {
            case StoreUrl.H2File h2 -> h2Store(h2, s);
            case StoreUrl.Postgres pg -> open(s.config()) == null
                    ? Check.ok("lineage_store", true, "PostgreSQL " + describe(pg) + " (" + s.source() + "): opened and "
                    + "migrated")
                    : Check.problem("lineage_store", true, "PostgreSQL " + describe(pg) + " (" + s.source() + ") cannot "
                    + "be opened (see postgresql)", "see the postgresql line");
        };
    }

    private Check h2Store(StoreUrl.H2File h2, StoreChoice s) {
        Path file = Path.of(h2.path() + ".mv.db");
        String where = "H2 file " + file + " (" + s.source() + ")";
        if (Files.exists(file)) {
            String error = open(s.config());
            return error == null ? Check.ok("lineage_store", true, where + ": opened and migrated")
                    : Check.problem("lineage_store", true, where + ": " + error, "check the file's owner and "
                    + "permissions, or point --db / " + StoreConfig.DB_ENV + " at another file; a file another "
                    + "process holds open (a running mlgate serve) is locked until it exits");
        }
        Path ancestor = h2.path().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && Files.isDirectory(ancestor) && Files.isWritable(ancestor)) {
            return Check.ok("lineage_store", true, where + ": absent, created on first use (" + ancestor
                    + " is writable)");
        }
        return Check.problem("lineage_store", true, where + ": absent and cannot be created (" + ancestor
                + " is not a writable folder)", "set MLGATE_HOME to a writable folder, or --db / "
                + StoreConfig.DB_ENV + " to a file in one");
    }

    private Check postgres(StoreChoice s) {
        if (!(s.url() instanceof StoreUrl.Postgres pg)) {
            return new Check("postgresql", Check.Status.NOT_CONFIGURED, false, "the lineage store is not PostgreSQL "
                    + "(set " + StoreConfig.DB_ENV + "=jdbc:postgresql://HOST/DB?user=U to use one)", null);
        }
        String error = open(s.config());
        if (error == null) {
            return Check.ok("postgresql", true, describe(pg) + " reachable: connected, migrations applied");
        }
        return Check.problem("postgresql", true, describe(pg) + ": " + error, "start the server (e.g. "
                + "pg_ctlcluster VERSION main start), check host, port, database, user and password in "
                + StoreConfig.DB_ENV + " (pg_isready -h HOST -p PORT), or unset it for the embedded H2 store");
    }

    /** mlgate has no Redis setting: serve keeps API-key budgets and the audit log in its own database. */
    static Check redis() {
        return new Check("redis", Check.Status.NOT_CONFIGURED, false, "no mlgate command is configured to use Redis "
                + "(mlgate serve counts budgets in its state database: $MLGATE_HOME/serve.mv.db or --state-db)", null);
    }

    private Check chromium() {
        Path found = findOnPath(settings.env().get("PATH"), CHROMIUM_NAMES);
        if (found != null) {
            return Check.ok("chromium", false, "found " + found + " (renders reports)");
        }
        return new Check("chromium", Check.Status.ABSENT, false, "no chromium on PATH: optional, only for "
                + "rendering reports", "apt-get install chromium, if you want rendered reports");
    }

    static Path findOnPath(String path, List<String> names) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // an empty entry means the working folder: never run what happens to be there
            }
            for (String n : names) {
                try {
                    Path p = Path.of(dir, n);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return p;
                    }
                } catch (java.nio.file.InvalidPathException ignored) {
                    // a malformed PATH entry is skipped
                }
            }
        }
        return null;
    }

    /** Opens and closes the store as a command would; null when that worked, else why not. */
    private static String open(StoreConfig config) {
        String error;
        try (LineageStore store = LineageStore.open(config)) {
            return null;
        } catch (SQLException e) {
            error = "cannot open: " + firstLine(e.getMessage());
        } catch (MlgateException e) {
            error = firstLine(e.getMessage());
        } catch (RuntimeException e) { // the pool and the migrations signal an unreachable database this way too
            error = "cannot open: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        }
        return error.replace(config.jdbcUrl(), "the store"); // the URL may carry a password
    }

    private static String describe(StoreUrl.Postgres pg) {
        return String.join(",", pg.hosts()) + "/" + pg.database(); // never the parameters: they may hold a password
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Null when the folder is gone, else why it could not be removed. */
    private static String delete(Path dir) {
        try {
            org.mlgate.core.FileTrees.delete(dir);
            return null;
        } catch (IOException e) {
            return "the self-test's temporary folder " + dir + " could not be removed: "
                    + org.mlgate.core.IoErrors.reason(e);
        }
    }
}
