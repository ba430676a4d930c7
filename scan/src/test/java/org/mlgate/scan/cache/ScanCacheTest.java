package org.mlgate.scan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Verdict;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.Profile;
import org.mlgate.scan.testing.PickleBuilder;

class ScanCacheTest {
    @TempDir
    Path dir;

    private long entries(Path cache) throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    @Test
    void aCachedOutcomeIsReusedWithTheNewPathAndEqualsAFreshScan() throws IOException {
        byte[] evil = PickleBuilder.create().proto(2).osSystem().stop().bytes();
        Path a = Files.write(dir.resolve("a.pkl"), evil);
        Path b = Files.write(dir.resolve("copy-of-a.pkl"), evil);
        Path cache = dir.resolve("cache");
        Scanner cached = Scanner.builder().threads(1).cache(cache).build();
        FileResult first = cached.scanFile(a, "a.pkl");
        assertThat(entries(cache)).isEqualTo(1);
        FileResult second = cached.scanFile(b, "copy-of-a.pkl");
        assertThat(entries(cache)).isEqualTo(1);
        FileResult fresh = Scanner.builder().threads(1).build().scanFile(b, "copy-of-a.pkl");
        assertThat(second).isEqualTo(fresh);
        assertThat(second.findings().getFirst().location().file()).isEqualTo("copy-of-a.pkl");
        assertThat(first.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void aDifferentPolicyDoesNotReuseTheEntry() throws IOException {
        byte[] custom = PickleBuilder.create().proto(2).global("mypkg", "Net").emptyTuple().op(0x81).stop().bytes();
        Path m = Files.write(dir.resolve("m.pkl"), custom);
        Path cache = dir.resolve("cache");
        assertThat(Scanner.builder().threads(1).cache(cache).build().scanFile(m, "m").verdict())
                .isEqualTo(Verdict.UNSAFE);
        Profile mine = new Profile("mine", "1", "", "test", Set.of(new Global("mypkg", "Net")));
        assertThat(Scanner.builder().threads(1).cache(cache).profile(mine).build().scanFile(m, "m").verdict())
                .isEqualTo(Verdict.SAFE);
        assertThat(entries(cache)).isEqualTo(2);
    }

    @Test
    void aDamagedEntryIsAMissAndIsRewritten() throws IOException {
        byte[] ok = PickleBuilder.create().proto(2).emptyList().stop().bytes();
        Path m = Files.write(dir.resolve("m.pkl"), ok);
        Path cache = dir.resolve("cache");
        Scanner s = Scanner.builder().threads(1).cache(cache).build();
        s.scanFile(m, "m");
        Path entry;
        try (Stream<Path> w = Files.walk(cache)) {
            entry = w.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(entry, "{\"format\": \"mlgate-scan-cache/v1\", \"findings\": [");
        assertThat(s.scanFile(m, "m").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(Files.readString(entry)).contains("\"detected\"");
    }

    @Test
    void budgetProblemsAreNotCached() throws IOException {
        PickleBuilder b = PickleBuilder.create().proto(2).emptyList();
        for (int i = 0; i < 50; i++) {
            b.none().append();
        }
        Path m = Files.write(dir.resolve("m.pkl"), b.stop().bytes());
        Path cache = dir.resolve("cache");
        Scanner tight = Scanner.builder().threads(1).cache(cache)
                .budgets(org.mlgate.scan.Budgets.DEFAULT.withMaxOpcodes(10)).build();
        assertThat(tight.scanFile(m, "m").verdict()).isEqualTo(Verdict.ERROR);
        assertThat(entries(cache)).isZero();
        assertThat(Scanner.builder().threads(1).cache(cache).build().scan(List.of(m)).files().getFirst().verdict())
                .isEqualTo(Verdict.SAFE);
    }
}
