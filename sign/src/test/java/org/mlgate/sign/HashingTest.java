package org.mlgate.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.Digest;
import org.mlgate.sign.hash.HashingException;
import org.mlgate.sign.hash.Manifest;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.ModelHasher;
import org.mlgate.sign.hash.ParallelHasher;
import org.mlgate.sign.hash.PathOrder;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

class HashingTest {
    @TempDir
    Path tmp;

    @Test
    void digestsEqualAPlainSha256OfEachFileAndTheRootDigestIsOverRawDigests() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("m"));
        byte[] big = new byte[3 * (1 << 20) + 17]; // several buffers plus a tail
        new Random(1).nextBytes(big);
        Files.write(m.resolve("big"), big);
        Files.writeString(m.resolve("small"), "s");
        Files.write(m.resolve("empty"), new byte[0]);
        Manifest man = ModelHasher.manifest(ModelFiles.list(m, List.of()), Serialization.files(List.of()), 3);
        assertThat(man.resources()).extracting(Resource::name).containsExactly("big", "empty", "small");
        assertThat(man.resources().getFirst().sha256()).isEqualTo(Digest.sha256(big).hex());
        assertThat(man.resources().get(1).sha256()).isEqualTo(Digest.sha256(new byte[0]).hex());
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        man.resources().forEach(r -> raw.writeBytes(HexFormat.of().parseHex(r.sha256())));
        assertThat(man.rootDigest()).isEqualTo(Digest.sha256(raw.toByteArray()).hex());
    }

    @Test
    void shardsCoverEachFileExactly() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("m"));
        byte[] data = new byte[2500];
        new Random(2).nextBytes(data);
        Files.write(m.resolve("f"), data);
        Files.write(m.resolve("e"), new byte[0]);
        Manifest man = ModelHasher.manifest(ModelFiles.list(m, List.of()), Serialization.shards(1000, List.of()), 2);
        assertThat(man.resources()).extracting(Resource::name)
                .containsExactly("e:0:0", "f:0:1000", "f:1000:2000", "f:2000:2500");
        assertThat(man.resources().get(3).sha256())
                .isEqualTo(Digest.sha256(java.util.Arrays.copyOfRange(data, 2000, 2500)).hex());
    }

    @Test
    void sameResultWithAnyThreadCount() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("m"));
        for (int i = 0; i < 40; i++) {
            Files.write(m.resolve("f" + i), new byte[i * 1000]);
        }
        String one = ModelHasher.manifest(ModelFiles.list(m, List.of()), Serialization.files(List.of()), 1).rootDigest();
        String eight = ModelHasher.manifest(ModelFiles.list(m, List.of()), Serialization.files(List.of()), 8).rootDigest();
        assertThat(eight).isEqualTo(one);
    }

    @Test
    void aShortReadIsAnErrorNeverADigest() throws IOException {
        Path f = Files.write(tmp.resolve("f"), new byte[1000]);
        try (ParallelHasher h = new ParallelHasher(2)) {
            // the walk saw 2000 bytes; the file now has 1000: it changed while being hashed
            assertThatThrownBy(() -> h.hash(List.of(new ParallelHasher.Range(f, 0, 2000, true))))
                    .isInstanceOf(HashingException.class).hasMessageContaining("it is 1000 bytes, 2000 when it was listed");
            assertThatThrownBy(() -> h.hash(List.of(new ParallelHasher.Range(f, 0, 500, true))))
                    .isInstanceOf(HashingException.class).hasMessageContaining("it is 1000 bytes, 500 when it was listed");
            assertThatThrownBy(() -> h.hash(List.of(new ParallelHasher.Range(tmp.resolve("gone"), 0, 1, true))))
                    .isInstanceOf(HashingException.class).hasMessageContaining("no such file");
        }
    }

    @Test
    void unreadableFileIsAnIoErrorNotAVerdict() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("m"));
        Path f = Files.writeString(m.resolve("secret"), "x");
        f.toFile().setReadable(false, false);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f),
                "running as root: a file without read permission is still readable, test skipped");
        assertThatThrownBy(() -> ModelHasher.manifest(ModelFiles.list(m, List.of()), Serialization.files(List.of()), 1))
                .isInstanceOf(HashingException.class).hasMessageContaining("secret");
    }

    @Test
    void pathOrderIsByComponentThenCodePoint() {
        List<String> names = new ArrayList<>(List.of("a-c", "a/b", "B", "a", "\uFF5E", "\uD83D\uDE00", "a/b/c", "ab"));
        names.sort(PathOrder.NAMES);
        // U+FF5E sorts before U+1F600 by code point, though its UTF-16 unit is larger than the surrogate's
        assertThat(names).containsExactly("B", "a", "a/b", "a/b/c", "a-c", "ab", "\uFF5E", "\uD83D\uDE00");
    }

    @Test
    void ignoredPathsCoverTheirSubtrees() {
        assertThat(ModelFiles.ignored(".git/objects/x", ModelFiles.GIT_PATHS)).isTrue();
        assertThat(ModelFiles.ignored(".gitmodules", ModelFiles.GIT_PATHS)).isFalse();
        assertThat(ModelFiles.ignored("sub/.git", ModelFiles.GIT_PATHS)).isFalse();
    }
}
