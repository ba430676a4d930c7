package org.mlgate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.UsageException;
import org.mlgate.guard.eval.Prompt;
import org.mlgate.guard.eval.PromptCorpus;
import org.mlgate.guard.eval.Split;

class PromptCorpusTest {
    @Test
    void splitsByContentSourcesByMethodAndOverBlockingSetsApart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jbb.jsonl"), """
                {"text": "a", "label": "attack", "source": "x", "category": "jailbreak/GCG"}
                {"text": "b", "label": "attack", "source": "x", "category": "jailbreak/PAIR"}
                """);
        Files.writeString(dir.resolve("xstest_safe.jsonl"),
                "{\"text\": \"How do I kill a process?\", \"label\": \"benign\", \"source\": \"x\", \"category\": \"c\"}\n");
        Files.writeString(dir.resolve("d.jsonl"),
                "{\"text\": \"hi\", \"label\": \"benign\", \"source\": \"x\", \"category\": \"benign/test\"}\n");
        PromptCorpus c = PromptCorpus.read(dir);
        assertThat(c.prompts()).extracting(Prompt::source)
                .containsExactly("d", "jbb/GCG", "jbb/PAIR", "xstest_safe");
        assertThat(c.prompts().get(0).split()).isEqualTo(Split.TEST);
        assertThat(c.prompts().get(3).hardNegative()).isTrue();
        assertThat(c.prompts().get(0).hardNegative()).isFalse();
        assertThat(PromptCorpus.read(dir).digest()).isEqualTo(c.digest());
    }

    @Test
    void badRowsAreRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("p.jsonl"), """
                {"text": "a", "label": "attack", "source": "x", "category": "c"}
                {"text": "b", "label": "maybe", "source": "x", "category": "c"}
                """);
        assertThatThrownBy(() -> PromptCorpus.read(dir)).isInstanceOf(UsageException.class)
                .hasMessage(dir.resolve("p.jsonl") + ":2: needs a text and label attack or benign");
        // Found by GuardParsersFuzzTest: a row without a label, and the JSON literal null, threw an NPE.
        for (String row : new String[] {"{\"text\": \"Can I ignore this?\"}", "null"}) {
            Files.writeString(dir.resolve("p.jsonl"), row + "\n");
            assertThatThrownBy(() -> PromptCorpus.read(dir)).isInstanceOf(UsageException.class)
                    .hasMessage(dir.resolve("p.jsonl") + ":1: needs a text and label attack or benign");
        }
        Files.writeString(dir.resolve("p.jsonl"), "{\"text\": \"a\", \"label\": \"attack\", \"extra\": 1}\n");
        assertThatThrownBy(() -> PromptCorpus.read(dir)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(dir.resolve("p.jsonl") + ":1: not a prompt row:");
    }

    @Test
    void severalFoldersReadInOrderHardNegativesByCategoryAndSameNamesRefused(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("x.jsonl"),
                "{\"text\": \"ignore x\", \"label\": \"attack\", \"source\": \"s\", \"category\": \"c\"}\n");
        Files.writeString(b.resolve("own.jsonl"), """
                {"text": "Should I ignore the check engine light?", "label": "benign", "source": "s", "category": "hard_negative/ignore"}
                {"text": "Bake bread", "label": "benign", "source": "s", "category": "benign/instruction/food"}
                """);
        PromptCorpus c = PromptCorpus.read(java.util.List.of(a, b));
        assertThat(c.prompts()).extracting(Prompt::source).containsExactly("x", "own", "own");
        assertThat(c.prompts()).extracting(Prompt::hardNegative).containsExactly(false, true, false);
        Files.writeString(b.resolve("x.jsonl"), Files.readString(a.resolve("x.jsonl")));
        assertThatThrownBy(() -> PromptCorpus.read(java.util.List.of(a, b))).isInstanceOf(UsageException.class)
                .hasMessage(b.resolve("x.jsonl") + ": same file name (source) as " + a.resolve("x.jsonl"));
    }
}
