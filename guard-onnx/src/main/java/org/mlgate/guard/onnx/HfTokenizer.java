package org.mlgate.guard.onnx;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;

/**
 * A bounded reader of a HuggingFace {@code tokenizer.json} and the encoder it describes, for the subset text
 * classifiers use: model {@code WordPiece} (BERT family) or {@code Unigram} (SentencePiece exports such as
 * DeBERTa-v3 / Prompt Guard); normalizers {@code BertNormalizer}, {@code Lowercase}, {@code NFC}, {@code NFD},
 * {@code NFKC}, {@code NFKD}, {@code StripAccents}, {@code Replace} (string pattern), {@code Precompiled} (read as
 * NFKC: SentencePiece's compiled map is mostly NFKC) and {@code Sequence}; pre-tokenizers {@code BertPreTokenizer},
 * {@code Whitespace}, {@code WhitespaceSplit}, {@code Metaspace} and {@code Sequence}; post-processors
 * {@code TemplateProcessing} (single sequence), {@code BertProcessing} and {@code RobertaProcessing}. Anything
 * else is refused at load naming the file and key, never silently approximated. Special tokens written in the
 * text are not honoured (a user cannot inject {@code [SEP]}). Immutable and thread-safe.
 */
public final class HfTokenizer {
    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_VOCAB = 1_000_000;
    static final int MAX_TOKEN_CHARS = 256;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(1 << 20).build());
    }

    private sealed interface Norm permits Norm.Lower, Norm.Form, Norm.StripAccents, Norm.Replace, Norm.Bert {
        String apply(String s);

        record Lower() implements Norm {
            public String apply(String s) {
                return s.toLowerCase(Locale.ROOT);
            }
        }

        record Form(Normalizer.Form form) implements Norm {
            public String apply(String s) {
                return Normalizer.normalize(s, form);
            }
        }

        record StripAccents() implements Norm {
            public String apply(String s) {
                return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}+", "");
            }
        }

        record Replace(String pattern, String content) implements Norm {
            public String apply(String s) {
                return s.replace(pattern, content);
            }
        }

        /** BERT's cleaning: control characters dropped, whitespace to space, CJK isolated, optional lower/strip. */
        record Bert(boolean lowercase, boolean stripAccents, boolean chinese) implements Norm {
            public String apply(String s) {
                StringBuilder b = new StringBuilder(s.length());
                s.codePoints().forEach(cp -> {
                    if (cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp) && !Character.isWhitespace(cp))) {
                        return;
                    }
                    if (Character.isWhitespace(cp)) {
                        b.append(' ');
                    } else if (chinese && cjk(cp)) {
                        b.append(' ').appendCodePoint(cp).append(' ');
                    } else {
                        b.appendCodePoint(cp);
                    }
                });
                String out = b.toString();
                if (lowercase) {
                    out = out.toLowerCase(Locale.ROOT);
                }
                return stripAccents ? new StripAccents().apply(out) : out;
            }
        }
    }

    private enum Split { BERT, WHITESPACE, WHITESPACE_SPLIT }

    private record Metaspace(String replacement, boolean prefix) {
    }

    private sealed interface Vocab permits WordPiece, Unigram {
    }

    private record WordPiece(Map<String, Integer> ids, int unk, String prefix, int maxChars) implements Vocab {
    }

    private record Unigram(Map<String, Integer> ids, double[] scores, int unk, int maxPieceChars, double unkScore)
            implements Vocab {
    }

    private final List<Norm> normalizers;
    private final List<Split> splits;
    private final Metaspace metaspace;
    private final Vocab vocab;
    private final int[] prefixIds;
    private final int[] suffixIds;
    private final int vocabSize;

    private HfTokenizer(List<Norm> normalizers, List<Split> splits, Metaspace metaspace, Vocab vocab,
                        int[] prefixIds, int[] suffixIds, int vocabSize) {
        this.normalizers = List.copyOf(normalizers);
        this.splits = List.copyOf(splits);
        this.metaspace = metaspace;
        this.vocab = vocab;
        this.prefixIds = prefixIds;
        this.suffixIds = suffixIds;
        this.vocabSize = vocabSize;
    }

    /** Special-token ids placed before and after every sequence by the post-processor. */
    public int specialTokens() {
        return prefixIds.length + suffixIds.length;
    }

    /** One more than the highest token id. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Reads {@code file}; every defect is a {@link UsageException} naming the file and the JSON key. */
    public static HfTokenizer read(Path file) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UsageException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            root = JSON.readTree(org.mlgate.core.Utf8.decode(Files.readAllBytes(file)));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException(file + ": not a tokenizer.json: not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such tokenizer file");
        } catch (JacksonException e) {
            throw new UsageException(file + ": not a tokenizer.json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        return new Reader(file).tokenizer(root);
    }

    /** The ids of {@code text} without special tokens. */
    public int[] encode(String text) {
        String s = text;
        for (Norm n : normalizers) {
            s = n.apply(s);
        }
        List<String> words = List.of(s);
        for (Split sp : splits) {
            List<String> next = new ArrayList<>();
            for (String w : words) {
                split(sp, w, next);
            }
            words = next;
        }
        if (metaspace != null) {
            words = metaspace(words);
        }
        IntList out = new IntList();
        for (String w : words) {
            switch (vocab) {
                case WordPiece wp -> wordPiece(wp, w, out);
                case Unigram u -> unigram(u, w, out);
            }
        }
        return out.toArray();
    }

    /** {@code content} wrapped in the post-processor's special tokens. */
    public long[] withSpecialTokens(int[] content, int from, int to) {
        long[] ids = new long[prefixIds.length + (to - from) + suffixIds.length];
        int k = 0;
        for (int id : prefixIds) {
            ids[k++] = id;
        }
        for (int i = from; i < to; i++) {
            ids[k++] = content[i];
        }
        for (int id : suffixIds) {
            ids[k++] = id;
        }
        return ids;
    }

    private List<String> metaspace(List<String> words) {
        List<String> out = new ArrayList<>();
        String joined = String.join(" ", words);
        String replaced = joined.replace(" ", metaspace.replacement());
        if (metaspace.prefix() && !replaced.startsWith(metaspace.replacement())) {
            replaced = metaspace.replacement() + replaced;
        }
        // Split before each replacement char, keeping it with the word that follows (SentencePiece's pieces).
        int start = 0;
        for (int i = 1; i <= replaced.length(); i++) {
            if (i == replaced.length() || replaced.startsWith(metaspace.replacement(), i)) {
                if (i > start) {
                    out.add(replaced.substring(start, i));
                }
                start = i;
            }
        }
        return out;
    }

    private static void split(Split sp, String s, List<String> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            if (sp == Split.WHITESPACE_SPLIT) {
                while (i < n && !Character.isWhitespace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
            } else if (sp == Split.BERT && punctuation(cp)) {
                i += Character.charCount(cp);
            } else if (sp == Split.WHITESPACE && !word(cp)) {
                // Whitespace pre-tokenizer: \w+ | [^\w\s]+
                while (i < n && !word(s.codePointAt(i)) && !Character.isWhitespace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
            } else {
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (Character.isWhitespace(c) || (sp == Split.BERT ? punctuation(c) : !word(c))) {
                        break;
                    }
                    i += Character.charCount(c);
                }
            }
            out.add(s.substring(start, i));
        }
    }

    private static boolean word(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static boolean punctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean cjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Greedy longest match first; a word with no segmentation is one unknown token. */
    private static void wordPiece(WordPiece wp, String w, IntList out) {
        if (w.codePointCount(0, w.length()) > wp.maxChars()) {
            out.add(wp.unk());
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < w.length()) {
            int end = w.length();
            Integer id = null;
            while (end > start) {
                String piece = start > 0 ? wp.prefix() + w.substring(start, end) : w.substring(start, end);
                id = wp.ids().get(piece);
                if (id != null) {
                    break;
                }
                end = w.offsetByCodePoints(end, -1);
            }
            if (id == null) {
                out.truncate(mark);
                out.add(wp.unk());
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** Viterbi: the segmentation with the highest summed piece score; unknown characters cost {@code unkScore}. */
    private static void unigram(Unigram u, String w, IntList out) {
        int n = w.length();
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] piece = new int[n + 1];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        best[0] = 0;
        for (int i = 0; i < n; ) {
            int next = w.offsetByCodePoints(i, 1);
            if (best[i] != Double.NEGATIVE_INFINITY) {
                int limit = Math.min(n, i + u.maxPieceChars());
                for (int j = next; j <= limit; j = j < n ? w.offsetByCodePoints(j, 1) : j + 1) {
                    Integer id = u.ids().get(w.substring(i, j));
                    if (id != null && best[i] + u.scores()[id] > best[j]) {
                        best[j] = best[i] + u.scores()[id];
                        from[j] = i;
                        piece[j] = id;
                    }
                    if (j == n) {
                        break;
                    }
                }
                if (best[i] + u.unkScore() > best[next]) {
                    best[next] = best[i] + u.unkScore();
                    from[next] = i;
                    piece[next] = -1;
                }
            }
            i = next;
        }
        IntList rev = new IntList();
        boolean lastUnk = false;
        for (int j = n; j > 0; j = from[j]) {
            int id = piece[j] < 0 ? u.unk() : piece[j];
            // SentencePiece merges a run of unknown characters into one unknown piece.
            if (!(piece[j] < 0 && lastUnk)) {
                rev.add(id);
            }
            lastUnk = piece[j] < 0;
        }
        for (int k = rev.size() - 1; k >= 0; k--) {
            out.add(rev.get(k));
        }
    }

    /** Reads the JSON tree, naming the key of any defect. */
    private record Reader(Path file) {
        UsageException bad(String key, String why) {
            return new UsageException(file + ": " + key + ": " + why);
        }

        JsonNode need(JsonNode n, String field, String key) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                throw bad(key, "missing");
            }
            return v;
        }

        String text(JsonNode n, String field, String key, String fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw bad(key, "missing");
                }
                return fallback;
            }
            if (!v.isTextual()) {
                throw bad(key, "must be a string");
            }
            return v.textValue();
        }

        boolean bool(JsonNode n, String field, String key, boolean fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw bad(key, "must be true or false");
            }
            return v.booleanValue();
        }

        String type(JsonNode n, String key) {
            if (!n.isObject()) {
                throw bad(key, "must be an object");
            }
            return text(n, "type", key + ".type", null);
        }

        HfTokenizer tokenizer(JsonNode root) {
            if (!root.isObject()) {
                throw bad("(root)", "must be an object");
            }
            List<Norm> norms = new ArrayList<>();
            JsonNode n = root.get("normalizer");
            if (n != null && !n.isNull()) {
                normalizer(n, "normalizer", norms);
            }
            List<Split> splits = new ArrayList<>();
            Metaspace[] meta = new Metaspace[1];
            JsonNode p = root.get("pre_tokenizer");
            if (p != null && !p.isNull()) {
                preTokenizer(p, "pre_tokenizer", splits, meta);
            }
            Vocab vocab = model(need(root, "model", "model"));
            Map<String, Integer> ids = switch (vocab) {
                case WordPiece wp -> wp.ids();
                case Unigram u -> u.ids();
            };
            int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            List<Integer> prefix = new ArrayList<>();
            List<Integer> suffix = new ArrayList<>();
            JsonNode post = root.get("post_processor");
            if (post != null && !post.isNull()) {
                postProcessor(post, "post_processor", prefix, suffix);
            }
            for (int id : prefix) {
                size = Math.max(size, id + 1);
            }
            for (int id : suffix) {
                size = Math.max(size, id + 1);
            }
            return new HfTokenizer(norms, splits, meta[0], vocab, prefix.stream().mapToInt(Integer::intValue).toArray(),
                    suffix.stream().mapToInt(Integer::intValue).toArray(), size);
        }

        void normalizer(JsonNode n, String key, List<Norm> out) {
            switch (type(n, key)) {
                case "Sequence" -> {
                    JsonNode list = need(n, "normalizers", key + ".normalizers");
                    if (!list.isArray() || list.size() > 32) {
                        throw bad(key + ".normalizers", "must be a list of at most 32 normalizers");
                    }
                    for (int i = 0; i < list.size(); i++) {
                        normalizer(list.get(i), key + ".normalizers[" + i + "]", out);
                    }
                }
                case "BertNormalizer" -> {
                    boolean lower = bool(n, "lowercase", key + ".lowercase", true);
                    JsonNode strip = n.get("strip_accents");
                    boolean stripAccents = strip == null || strip.isNull() ? lower
                            : bool(n, "strip_accents", key + ".strip_accents", lower);
                    out.add(new Norm.Bert(lower, stripAccents,
                            bool(n, "handle_chinese_chars", key + ".handle_chinese_chars", true)));
                }
                case "Lowercase" -> out.add(new Norm.Lower());
                case "NFC" -> out.add(new Norm.Form(Normalizer.Form.NFC));
                case "NFD" -> out.add(new Norm.Form(Normalizer.Form.NFD));
                case "NFKC", "Precompiled" -> out.add(new Norm.Form(Normalizer.Form.NFKC));
                case "NFKD" -> out.add(new Norm.Form(Normalizer.Form.NFKD));
                case "StripAccents" -> out.add(new Norm.StripAccents());
                case "Replace" -> {
                    JsonNode pattern = need(n, "pattern", key + ".pattern");
                    JsonNode s = pattern.get("String");
                    if (s == null || !s.isTextual() || s.textValue().isEmpty()) {
                        throw bad(key + ".pattern", "only a non-empty {\"String\": …} pattern is supported");
                    }
                    out.add(new Norm.Replace(s.textValue(), text(n, "content", key + ".content", null)));
                }
                default -> throw bad(key + ".type", "normalizer '" + n.get("type").textValue()
                        + "' is not supported (BertNormalizer, Lowercase, NFC, NFD, NFKC, NFKD, Precompiled, "
                        + "StripAccents, Replace, Sequence)");
            }
        }

        void preTokenizer(JsonNode n, String key, List<Split> splits, Metaspace[] meta) {
            switch (type(n, key)) {
                case "Sequence" -> {
                    JsonNode list = need(n, "pretokenizers", key + ".pretokenizers");
                    if (!list.isArray() || list.size() > 32) {
                        throw bad(key + ".pretokenizers", "must be a list of at most 32 pre-tokenizers");
                    }
                    for (int i = 0; i < list.size(); i++) {
                        preTokenizer(list.get(i), key + ".pretokenizers[" + i + "]", splits, meta);
                    }
                }
                case "BertPreTokenizer" -> splits.add(Split.BERT);
                case "Whitespace" -> splits.add(Split.WHITESPACE);
                case "WhitespaceSplit" -> splits.add(Split.WHITESPACE_SPLIT);
                case "Metaspace" -> {
                    String r = text(n, "replacement", key + ".replacement", "\u2581");
                    if (r.codePointCount(0, r.length()) != 1) {
                        throw bad(key + ".replacement", "must be one character");
                    }
                    String scheme = text(n, "prepend_scheme", key + ".prepend_scheme",
                            bool(n, "add_prefix_space", key + ".add_prefix_space", true) ? "always" : "never");
                    if (!List.of("always", "first", "never").contains(scheme)) {
                        throw bad(key + ".prepend_scheme", "must be always, first or never");
                    }
                    meta[0] = new Metaspace(r, !scheme.equals("never"));
                }
                default -> throw bad(key + ".type", "pre-tokenizer '" + n.get("type").textValue()
                        + "' is not supported (BertPreTokenizer, Whitespace, WhitespaceSplit, Metaspace, Sequence)");
            }
        }

        Vocab model(JsonNode m) {
            String type = type(m, "model");
            return switch (type) {
                case "WordPiece" -> {
                    JsonNode v = need(m, "vocab", "model.vocab");
                    if (!v.isObject()) {
                        throw bad("model.vocab", "must be an object of token: id");
                    }
                    if (v.size() > MAX_VOCAB) {
                        throw bad("model.vocab", "more than " + MAX_VOCAB + " tokens");
                    }
                    Map<String, Integer> ids = new HashMap<>();
                    var fields = v.properties().iterator();
                    while (fields.hasNext()) {
                        var e = fields.next();
                        if (e.getKey().length() > MAX_TOKEN_CHARS) {
                            throw bad("model.vocab", "a token is longer than " + MAX_TOKEN_CHARS + " characters");
                        }
                        if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 0
                                || e.getValue().intValue() >= MAX_VOCAB || !e.getValue().isIntegralNumber()) {
                            throw bad("model.vocab." + e.getKey(), "must be an id in [0, " + MAX_VOCAB + ")");
                        }
                        ids.put(e.getKey(), e.getValue().intValue());
                    }
                    String unk = text(m, "unk_token", "model.unk_token", "[UNK]");
                    Integer unkId = ids.get(unk);
                    if (unkId == null) {
                        throw bad("model.unk_token", "'" + unk + "' is not in model.vocab");
                    }
                    JsonNode max = m.get("max_input_chars_per_word");
                    int maxChars = max == null || max.isNull() ? 100 : max.asInt(-1);
                    if (maxChars < 1 || maxChars > 10_000) {
                        throw bad("model.max_input_chars_per_word", "must be in [1, 10000]");
                    }
                    yield new WordPiece(Map.copyOf(ids), unkId,
                            text(m, "continuing_subword_prefix", "model.continuing_subword_prefix", "##"), maxChars);
                }
                case "Unigram" -> {
                    JsonNode v = need(m, "vocab", "model.vocab");
                    if (!v.isArray()) {
                        throw bad("model.vocab", "must be a list of [piece, score]");
                    }
                    if (v.size() > MAX_VOCAB || v.isEmpty()) {
                        throw bad("model.vocab", "must hold 1 to " + MAX_VOCAB + " pieces");
                    }
                    Map<String, Integer> ids = new HashMap<>();
                    double[] scores = new double[v.size()];
                    int longest = 1;
                    double min = 0;
                    for (int i = 0; i < v.size(); i++) {
                        JsonNode e = v.get(i);
                        if (!e.isArray() || e.size() != 2 || !e.get(0).isTextual() || !e.get(1).isNumber()) {
                            throw bad("model.vocab[" + i + "]", "must be [piece, score]");
                        }
                        String piece = e.get(0).textValue();
                        double score = e.get(1).doubleValue();
                        if (piece.length() > MAX_TOKEN_CHARS || !Double.isFinite(score)) {
                            throw bad("model.vocab[" + i + "]", "piece longer than " + MAX_TOKEN_CHARS
                                    + " characters or score not finite");
                        }
                        ids.putIfAbsent(piece, i);
                        scores[i] = score;
                        longest = Math.max(longest, piece.length());
                        min = Math.min(min, score);
                    }
                    JsonNode unk = m.get("unk_id");
                    if (unk == null || unk.isNull() || !unk.canConvertToInt() || unk.intValue() < 0
                            || unk.intValue() >= v.size()) {
                        throw bad("model.unk_id", "must be the index of a piece in model.vocab");
                    }
                    if (bool(m, "byte_fallback", "model.byte_fallback", false)) {
                        throw bad("model.byte_fallback", "byte fallback is not supported");
                    }
                    // SentencePiece's penalty for an unknown character: below every piece.
                    yield new Unigram(Map.copyOf(ids), scores, unk.intValue(), longest, min - 10);
                }
                default -> throw bad("model.type", "model '" + type + "' is not supported (WordPiece, Unigram)");
            };
        }

        void postProcessor(JsonNode n, String key, List<Integer> prefix, List<Integer> suffix) {
            switch (type(n, key)) {
                case "BertProcessing", "RobertaProcessing" -> {
                    prefix.add(pairId(need(n, "cls", key + ".cls"), key + ".cls"));
                    suffix.add(pairId(need(n, "sep", key + ".sep"), key + ".sep"));
                }
                case "TemplateProcessing" -> {
                    JsonNode single = need(n, "single", key + ".single");
                    JsonNode specials = need(n, "special_tokens", key + ".special_tokens");
                    if (!single.isArray() || single.size() > 16) {
                        throw bad(key + ".single", "must be a list of at most 16 pieces");
                    }
                    boolean seen = false;
                    for (int i = 0; i < single.size(); i++) {
                        JsonNode piece = single.get(i);
                        String k = key + ".single[" + i + "]";
                        if (piece.has("Sequence")) {
                            if (seen) {
                                throw bad(k, "the sequence appears twice");
                            }
                            seen = true;
                        } else if (piece.has("SpecialToken")) {
                            String id = text(piece.get("SpecialToken"), "id", k + ".SpecialToken.id", null);
                            JsonNode tok = specials.get(id);
                            if (tok == null) {
                                throw bad(key + ".special_tokens", "'" + id + "' is not defined");
                            }
                            JsonNode list = need(tok, "ids", key + ".special_tokens." + id + ".ids");
                            if (!list.isArray() || list.size() > 16) {
                                throw bad(key + ".special_tokens." + id + ".ids", "must be a list of ids");
                            }
                            for (JsonNode x : list) {
                                if (!x.canConvertToInt() || x.intValue() < 0 || x.intValue() >= MAX_VOCAB) {
                                    throw bad(key + ".special_tokens." + id + ".ids", "must be ids in [0, "
                                            + MAX_VOCAB + ")");
                                }
                                (seen ? suffix : prefix).add(x.intValue());
                            }
                        } else {
                            throw bad(k, "must be a Sequence or a SpecialToken");
                        }
                    }
                    if (!seen) {
                        throw bad(key + ".single", "has no Sequence");
                    }
                }
                default -> throw bad(key + ".type", "post-processor '" + n.get("type").textValue()
                        + "' is not supported (TemplateProcessing, BertProcessing, RobertaProcessing)");
            }
        }

        int pairId(JsonNode pair, String key) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(1).canConvertToInt() || pair.get(1).intValue() < 0
                    || pair.get(1).intValue() >= MAX_VOCAB) {
                throw bad(key, "must be [token, id]");
            }
            return pair.get(1).intValue();
        }
    }

    /** A growable int list (no boxing on the hot path). */
    private static final class IntList {
        private int[] a = new int[32];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int get(int i) {
            return a[i];
        }

        void truncate(int size) {
            n = size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
