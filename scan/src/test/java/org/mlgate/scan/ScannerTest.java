package org.mlgate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;
import org.mlgate.core.ExitCode;
import org.mlgate.core.UsageException;
import org.mlgate.core.Verdict;
import org.mlgate.scan.testing.PickleBuilder;

class ScannerTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    @Test
    void directoriesAreScannedRecursivelyInPathOrderAndParallelEqualsSerial() throws IOException {
        byte[] evil = PickleBuilder.create().proto(2).osSystem().stop().bytes();
        byte[] ok = PickleBuilder.create().proto(2).emptyList().stop().bytes();
        for (int i = 0; i < 20; i++) {
            write("m/sub" + (i % 3) + "/f" + i + ".bin", i % 7 == 0 ? evil : ok);
        }
        ScanReport serial = Scanner.builder().threads(1).build().scan(List.of(dir.resolve("m")));
        ScanReport parallel = Scanner.builder().threads(4).build().scan(List.of(dir.resolve("m")));
        assertThat(serial.files()).hasSize(20);
        assertThat(parallel.files()).isEqualTo(serial.files());
        assertThat(serial.files()).extracting(FileResult::path).isSorted();
        assertThat(serial.summary().unsafe()).isEqualTo(3);
        assertThat(serial.exitCode()).isEqualTo(ExitCode.POLICY_FAILURE);
    }

    @Test
    void digestIsTheFilesSha256AndCanBeTurnedOff() throws IOException {
        byte[] ok = PickleBuilder.create().proto(2).emptyList().stop().bytes();
        Path p = write("a.pkl", ok);
        FileResult on = Scanner.builder().threads(1).build().scanFile(p, "a.pkl");
        assertThat(on.sha256()).isEqualTo(Digest.sha256(ok));
        FileResult off = Scanner.builder().threads(1).digest(false).build().scanFile(p, "a.pkl");
        assertThat(off.sha256()).isNull();
        assertThat(off.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void aMissingPathIsAUsageError() {
        assertThatThrownBy(() -> Scanner.builder().build().scan(List.of(dir.resolve("nope"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Scanner.builder().build().scan(List.of())).isInstanceOf(UsageException.class);
    }

    @Test
    void emptyFileIsNotAModelAndNotSafeWhenNamedLikeOne() throws IOException {
        FileResult r = Scanner.builder().threads(1).build().scanFile(write("empty.pt", new byte[0]), "empty.pt");
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().message()).contains("claims a PyTorch checkpoint (.pt)", "empty");
        assertThat(r.size()).isZero();
        FileResult txt = Scanner.builder().threads(1).build().scanFile(write("empty.txt", new byte[0]), "empty.txt");
        assertThat(txt.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(txt.format()).isEqualTo("not-a-model");
    }

    @Test
    void anErrorNeverMasksAnUnsafeFile() throws IOException {
        write("x/a.pkl", PickleBuilder.create().proto(2).osSystem().stop().bytes());
        write("x/b.pkl", PickleBuilder.create().proto(2).emptyList().mark().bytes());
        ScanReport r = Scanner.builder().threads(1).build().scan(List.of(dir.resolve("x")));
        assertThat(r.verdicts()).containsExactly(Verdict.UNSAFE, Verdict.ERROR);
        assertThat(r.exitCode()).isEqualTo(ExitCode.POLICY_FAILURE);
    }
}
