package org.mlgate.tensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Digest;

/**
 * Our writer's output, as read by our reader, must list exactly as an independent Python reader
 * ({@code src/test/python/read_safetensors.py}) listed the same file when the fixture was made: names, dtypes,
 * shapes, per-tensor SHA-256 and the whole file's SHA-256 (which also pins the writer's bytes). CI needs no
 * Python; the file is left in {@code target/independent-reader/} to regenerate the fixture (see the script).
 */
class IndependentReaderTest {
    @Test
    void ourFileListsAsThePythonReaderListedIt() throws Exception {
        Path file = Path.of("target", "independent-reader", "sample.safetensors");
        Files.createDirectories(file.getParent());
        Samples.everything().write(file);

        List<String> ours = new ArrayList<>();
        try (SafeTensors st = SafeTensors.open(file)) {
            ours.add("header_length " + st.header().headerLength());
            for (Map.Entry<String, String> m : new TreeMap<>(st.metadata()).entrySet()) {
                ours.add("metadata " + m.getKey() + " " + pythonJson(m.getValue()));
            }
            for (String name : st.tensors()) {
                Tensor t = st.tensor(name);
                ours.add("tensor " + pythonJson(name) + " " + t.dtype() + " "
                        + t.shape().toString().replace(" ", "") + " " + Digest.sha256(t.segment()).hex());
            }
        }
        ours.add("file_sha256 " + Digest.sha256(file).hex());

        assertThat(ours).containsExactlyElementsOf(expected());
    }

    private static List<String> expected() throws IOException {
        try (InputStream in = IndependentReaderTest.class.getResourceAsStream("sample.safetensors.listing")) {
            assertThat(in).as("fixture sample.safetensors.listing").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** A string as Python's {@code json.dumps(s, ensure_ascii=True)} prints it. */
    static String pythonJson(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }
}
