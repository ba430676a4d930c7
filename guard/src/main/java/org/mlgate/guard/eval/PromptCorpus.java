package org.mlgate.guard.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JacksonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * The labelled prompt corpus ({@code shared/datasets/prompts/*.jsonl}: one {@code {"text", "label", "source",
 * "category"}} object per line). Splits are fixed by content, not by seed: a prompt's split comes from the
 * SHA-256 of its text, so retraining with another seed never moves data between training and test. Files whose
 * rows are all benign and whose name says NotInject or XSTest, and benign rows whose category starts with
 * {@code hard_negative/}, are hard negatives (benign prompts with trigger words, {@link Prompt#hardNegative()}).
 * deepset's upstream train/test split is kept (its train part divided
 * 80/20 into fit and calibration); other files are divided 60/20/20.
 */
public record PromptCorpus(List<Prompt> prompts) {
    /** Category prefix of a benign prompt written to contain trigger words (a hard negative). */
    public static final String HARD_NEGATIVE = "hard_negative/";
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build());
    }

    private record Row(String text, String label, String source, String category) {
    }

    public PromptCorpus {
        prompts = List.copyOf(prompts);
    }

    public static PromptCorpus read(Path dir) {
        return read(List.of(dir));
    }

    /**
     * Every {@code *.jsonl} of each folder, folders in the order given; two files with the same name (one source
     * name) in different folders are refused.
     */
    public static PromptCorpus read(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new UsageException("no prompt folders given");
        }
        List<Prompt> all = new ArrayList<>();
        Map<String, Path> seen = new TreeMap<>();
        for (Path dir : dirs) {
            for (Path f : files(dir)) {
                Path before = seen.putIfAbsent(f.getFileName().toString(), f);
                if (before != null) {
                    throw new UsageException(f + ": same file name (source) as " + before);
                }
                all.addAll(readFile(f));
            }
        }
        return new PromptCorpus(all);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + ": not a directory of prompt .jsonl files");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new IncompleteException("cannot list " + dir + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        if (files.isEmpty()) {
            throw new UsageException(dir + ": no .jsonl files");
        }
        return files;
    }

    private static List<Prompt> readFile(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        List<Row> rows = new ArrayList<>();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UsageException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    try {
                        Row row = JSON.readValue(line, Row.class);
                        // A row without a label (or the line "null") is refused like a wrong label, not with an NPE.
                        if (row == null || row.text() == null
                                || !"attack".equals(row.label()) && !"benign".equals(row.label())) {
                            throw new UsageException(file + ":" + n + ": needs a text and label attack or benign");
                        }
                        rows.add(new Row(row.text(), row.label(), row.source(),
                                row.category() == null ? "" : row.category()));
                    } catch (JacksonException e) {
                        throw new UsageException(file + ":" + n + ": not a prompt row: " + e.getOriginalMessage());
                    }
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UsageException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        boolean allBenign = rows.stream().allMatch(r -> r.label().equals("benign"));
        String lower = stem.toLowerCase(java.util.Locale.ROOT);
        boolean hardNegative = allBenign && (lower.contains("notinject") || lower.contains("xstest"));
        Set<String> methods = new TreeSet<>();
        for (Row r : rows) {
            if (r.category().startsWith("jailbreak/")) {
                methods.add(r.category().substring("jailbreak/".length()));
            }
        }
        boolean byMethod = methods.size() > 1;
        List<Prompt> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String source = byMethod && r.category().startsWith("jailbreak/")
                    ? stem + "/" + r.category().substring("jailbreak/".length()) : stem;
            boolean benign = r.label().equals("benign");
            out.add(new Prompt(r.text(), !benign, source, r.category(), split(r), i + 1,
                    benign && (hardNegative || r.category().startsWith(HARD_NEGATIVE))));
        }
        return out;
    }

    private static Split split(Row r) {
        int bucket = bucket(r.text());
        if (r.category().endsWith("/test")) {
            return Split.TEST;
        }
        if (r.category().endsWith("/train")) {
            return bucket < 80 ? Split.FIT : Split.CALIBRATION;
        }
        return bucket < 60 ? Split.FIT : bucket < 80 ? Split.CALIBRATION : Split.TEST;
    }

    /** 0..99 from the text's SHA-256. */
    static int bucket(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            int v = ((d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff)) >>> 1;
            return v % 100;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sources in order, with their prompt counts. */
    public Map<String, Integer> sources() {
        Map<String, Integer> m = new TreeMap<>();
        prompts.forEach(p -> m.merge(p.source(), 1, Integer::sum));
        return m;
    }

    /** SHA-256 over every row's source, label and text, in order: names the training data in the model. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Prompt p : prompts) {
                md.update((p.source() + "\u0000" + p.attack() + "\u0000" + p.text() + "\u0000")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
