package org.mlgate.guard;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mlgate.config.Secret;
import org.mlgate.config.Variant;
import org.mlgate.config.Variants;

/**
 * One rail as written in {@code config.yml} under {@code rails.input.flows} or {@code rails.output.flows}. Each
 * variant is a record; the loader refuses unknown types and keys with file, line and key. Common keys:
 * {@code name} (unique per flow list), {@code action} (block, redact, flag; default per type) and, for scored
 * rails, {@code threshold} in [0, 1].
 */
@Variants
public sealed interface RailSpec {
    String name();

    Optional<Action> action();

    /** Fires when a pattern (Java regex, case-insensitive) matches the text or its normalised form. */
    @Variant("regex")
    record Regex(String name, List<String> patterns, Optional<Action> action) implements RailSpec {
        public Regex {
            requireNonEmpty(patterns, "patterns");
            for (String p : patterns) {
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("patterns: not a valid regular expression: "
                            + e.getDescription() + " in " + p);
                }
            }
        }
    }

    /** Fires when a keyword or phrase occurs after leetspeak, homoglyph and zero-width normalisation. */
    @Variant("keywords")
    record Keywords(String name, List<String> keywords, Optional<Action> action) implements RailSpec {
        public Keywords {
            requireNonEmpty(keywords, "keywords");
        }
    }

    /** Weighted instruction-hijacking and jailbreak cues; score = 1 − Π(1 − weight) over the cues present. */
    @Variant("heuristic_injection")
    record HeuristicInjection(String name, Optional<Double> threshold, Optional<Action> action)
            implements RailSpec {
        public HeuristicInjection {
            checkThreshold(threshold);
        }
    }

    /**
     * Adversarial-suffix detection: the highest mean surprisal of any window of characters under a character
     * trigram model of natural text. Text whose letters are mostly not Latin script is not judged (score 0).
     */
    @Variant("ngram_perplexity")
    record NgramPerplexity(String name, Optional<Double> threshold, Optional<Double> minLatinShare,
                           Optional<String> model, Optional<Action> action) implements RailSpec {
        public NgramPerplexity {
            checkThreshold(threshold);
            checkThreshold(minLatinShare);
        }
    }

    /** Logistic regression on hashed word and character n-grams, trained by {@code mlgate guard train}. */
    @Variant("classifier")
    record Classifier(String name, Optional<Double> threshold, Optional<String> model, Optional<Action> action)
            implements RailSpec {
        public Classifier {
            checkThreshold(threshold);
        }
    }

    /** Credentials by gitleaks-style rules (cloud keys, tokens, private keys, generic assignments). */
    @Variant("secrets")
    record Secrets(String name, Optional<Action> action) implements RailSpec {
    }

    /** Personal data: card numbers (Luhn), IBANs (mod 97), e-mail addresses, phone numbers, US SSNs. */
    @Variant("pii")
    record Pii(String name, List<PiiKind> kinds, Optional<Action> action) implements RailSpec {
    }

    /** Leak of a system-prompt canary token (exact or with zero-width characters and case games). */
    @Variant("canary")
    record Canary(String name, @Secret List<String> tokens, Optional<Action> action) implements RailSpec {
        public Canary {
            requireNonEmpty(tokens, "tokens");
            for (String t : tokens) {
                if (t.strip().length() < 8) {
                    throw new IllegalArgumentException("tokens: a canary must have at least 8 characters");
                }
            }
        }
    }

    /** Invisible characters that can hide text from a reader: tags, zero-width, bidi controls. */
    @Variant("invisible_text")
    record InvisibleText(String name, Optional<Integer> minCount, Optional<Action> action) implements RailSpec {
    }

    /** Text longer than {@code max_tokens} (words and punctuation marks counted as tokens). */
    @Variant("token_limit")
    record TokenLimit(String name, int maxTokens, Optional<Action> action) implements RailSpec {
        public TokenLimit {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
            }
        }
    }

    /**
     * A user-supplied ONNX text classifier (e.g. a Prompt Guard export) with its HuggingFace {@code tokenizer.json}
     * (WordPiece or Unigram subset), run on ONNX Runtime by the optional {@code guard-onnx} module. {@code model}
     * and {@code tokenizer} lie inside the configuration folder. The score is the summed probability of the
     * {@code attack_labels} (default [1]) of the first output, after a softmax when {@code output} is
     * {@code logits} (the default). Input is cut to {@code max_tokens} (default 512) tokens.
     */
    @Variant(OnnxClassifier.TYPE)
    record OnnxClassifier(String name, String model, String tokenizer, Optional<Double> threshold,
                          List<Integer> attackLabels, Optional<OnnxOutput> output, Optional<Integer> maxTokens,
                          Optional<Action> action) implements RailSpec {
        public static final String TYPE = "onnx_classifier";

        public OnnxClassifier {
            checkThreshold(threshold);
            for (int l : attackLabels) {
                if (l < 0) {
                    throw new IllegalArgumentException("attack_labels: a label index must be >= 0, got " + l);
                }
            }
            maxTokens.ifPresent(m -> {
                if (m < 2 || m > 8192) {
                    throw new IllegalArgumentException("max_tokens must be in [2, 8192], got " + m);
                }
            });
            if (RailProvider.of(TYPE).isEmpty()) {
                throw new IllegalArgumentException("rail type " + TYPE + " needs the mlgate-guard-onnx module "
                        + "(guard-onnx, with ONNX Runtime) on the class path; the mlgate CLI does not carry it");
            }
        }
    }

    /** What the ONNX classifier's first output holds. */
    enum OnnxOutput { LOGITS, PROBABILITIES }

    private static void requireNonEmpty(List<String> values, String key) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static void checkThreshold(Optional<Double> t) {
        t.ifPresent(v -> {
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("threshold must be in [0, 1], got " + v);
            }
        });
    }
}
