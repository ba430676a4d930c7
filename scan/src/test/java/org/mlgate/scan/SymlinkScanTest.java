package org.mlgate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.ExitCode;
import org.mlgate.core.Finding;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.core.Verdict;
import org.mlgate.scan.testing.PickleBuilder;

/** Symbolic links are followed like loaders follow them, reported with their target, and never skipped silently. */
class SymlinkScanTest {
    private static final byte[] EVIL = PickleBuilder.create().proto(2).osSystem().stop().bytes();
    private static final byte[] OK = PickleBuilder.create().proto(2).emptyList().stop().bytes();

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private Path link(String name, String target) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, Path.of(target));
    }

    private static Scanner scanner() {
        return Scanner.builder().threads(1).build();
    }

    /** A Hugging Face cache entry: every snapshot file is a link into ../../blobs/. */
    private Path hfCache(byte[] weights) throws IOException {
        write("models--x/blobs/aaa", weights);
        write("models--x/blobs/bbb", OK);
        link("models--x/snapshots/rev1/pytorch_model.bin", "../../blobs/aaa");
        link("models--x/snapshots/rev1/extra.pkl", "../../blobs/bbb");
        return dir.resolve("models--x");
    }

    @Test
    void malicious_hfCacheLinkToOsSystemPickleIsUnsafeAndNamesLinkAndTarget() throws IOException {
        Path cache = hfCache(EVIL);
        ScanReport r = scanner().scan(List.of(cache.resolve("snapshots")), ScanProgress.NONE);
        // Scanned below snapshots/: the links leave the scanned folder, so they are refused (not skipped).
        assertThat(r.verdicts()).containsOnly(Verdict.ERROR);
        assertThat(r.files().getFirst().problems().getFirst().message()).contains("outside the scanned folder")
                .contains("--follow-external-links");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INCOMPLETE);

        ScanReport whole = scanner().scan(List.of(cache));
        FileResult bin = whole.files().stream().filter(f -> f.path().endsWith("pytorch_model.bin")).findFirst()
                .orElseThrow();
        assertThat(bin.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(bin.linkTarget()).endsWith("blobs/aaa");
        assertThat(whole.exitCode()).isEqualTo(ExitCode.POLICY_FAILURE);

        ScanReport followed = Scanner.builder().threads(1).followExternalLinks(true).build()
                .scan(List.of(cache.resolve("snapshots/rev1")));
        assertThat(followed.verdicts()).contains(Verdict.UNSAFE);
    }

    @Test
    void benign_hfCacheLinksAreFollowedAndSafe() throws IOException {
        Path cache = hfCache(OK);
        ScanReport r = scanner().scan(List.of(cache));
        assertThat(r.files()).hasSize(4);
        assertThat(r.verdicts()).containsOnly(Verdict.SAFE);
        assertThat(r.files()).filteredOn(f -> f.linkTarget() != null).hasSize(2);
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void malicious_linkGivenByNameIsFollowedWhereverItLeads() throws IOException {
        write("elsewhere/payload", EVIL);
        Path l = link("model/weights.pt", dir.resolve("elsewhere/payload").toString());
        ScanReport r = scanner().scan(List.of(l));
        assertThat(r.verdicts()).containsExactly(Verdict.UNSAFE);
        assertThat(r.files().getFirst().linkTarget()).endsWith("payload");
    }

    @Test
    void danglingLinkAndLinkLoopAreErrorsNotSkipped() throws IOException {
        write("m/ok.pkl", OK);
        link("m/gone.pt", "missing.pt");
        link("m/loop1", "loop2");
        link("m/loop2", "loop1");
        ScanReport r = scanner().scan(List.of(dir.resolve("m")));
        assertThat(r.files()).extracting(FileResult::path).containsExactly(
                dir.resolve("m/gone.pt").toString(), dir.resolve("m/loop1").toString(),
                dir.resolve("m/loop2").toString(), dir.resolve("m/ok.pkl").toString());
        assertThat(r.verdicts()).containsExactly(Verdict.ERROR, Verdict.ERROR, Verdict.ERROR, Verdict.SAFE);
        assertThat(r.files().getFirst().problems().getFirst().message()).contains("points to nothing");
    }

    @Test
    void folderLinkToAnAncestorIsWalkedOnceAndReported() throws IOException {
        write("m/sub/ok.pkl", OK);
        link("m/sub/up", "..");
        ScanReport r = scanner().scan(List.of(dir.resolve("m")));
        assertThat(r.files()).hasSize(2);
        FileResult revisit = r.files().stream().filter(f -> f.format().equals("link")).findFirst().orElseThrow();
        assertThat(revisit.findings()).extracting(Finding::ruleId).containsExactly("MLG-FS-001");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void nearMiss_linkToFolderInsideRootIsFollowed() throws IOException {
        write("m/real/evil.pkl", EVIL);
        link("m/alias", "real");
        ScanReport r = scanner().scan(List.of(dir.resolve("m")));
        // alias/ is walked (a loader opening m/alias/evil.pkl reads it); real/ is then a revisit.
        assertThat(r.files()).extracting(FileResult::verdict).contains(Verdict.UNSAFE);
    }

    @Test
    void emptyFolderIsIncompleteUnlessAllowed() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> scanner().scan(List.of(dir.resolve("empty"))))
                .isInstanceOf(IncompleteException.class).hasMessageContaining("holds no files")
                .hasMessageContaining("--allow-empty");
        ScanReport r = Scanner.builder().allowEmpty(true).build().scan(List.of(dir.resolve("empty")));
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void folderOfOnlyNonModelFilesIsIncomplete() throws IOException {
        write("docs/README.md", "# hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> scanner().scan(List.of(dir.resolve("docs"))))
                .isInstanceOf(IncompleteException.class).hasMessageContaining("nothing judged");
    }

    @Test
    void danglingLinkGivenByNameIsAUsageError() throws IOException {
        Path l = link("nothing.pt", "nowhere.pt");
        assertThatThrownBy(() -> scanner().scan(List.of(l))).isInstanceOf(UsageException.class)
                .hasMessageContaining("points to nothing");
    }
}
