package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Credentials, by rules in the style of gitleaks' default set: provider-specific token formats, PEM private
 * keys, JWTs, and generic {@code password=...} assignments whose value looks random (Shannon entropy ≥ 3 bits
 * per character, so {@code password=changeme} is not reported but {@code password=q8Z!r2Lw9x} is).
 */
public record SecretsRail(String name, Action action) implements Rail {
    private static final List<Pattern> TOKENS = List.of(
            Pattern.compile("\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{82}\\b"),
            Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20}\\b"),
            Pattern.compile("\\bxox[baprse]-[A-Za-z0-9-]{10,250}"),
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
            Pattern.compile("\\b[sr]k_(?:live|test)_[0-9a-zA-Z]{24,247}\\b"),
            Pattern.compile("\\bsk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,120}"),
            Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}"),
            Pattern.compile("\\bhf_[A-Za-z]{34}\\b"),
            Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b"),
            Pattern.compile("-----BEGIN (?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"));
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret"
                    + "|private[_-]?key)\\b[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?([^\\s\"'`,;]{8,200})");

    @Override
    public String type() {
        return "secrets";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Span> spans = new ArrayList<>();
        for (Pattern p : TOKENS) {
            spans.addAll(Matches.inOriginal(p, text, deadline));
        }
        Matcher m = ASSIGNMENT.matcher(deadline.guard(text.original()));
        while (m.find()) {
            if (entropy(m.group(1)) >= 3.0) {
                spans.add(new Span(m.start(1), m.end(1)));
            }
        }
        return Detection.matched(Matches.merge(spans));
    }

    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int c : counts) {
            h -= term(c, s.length());
        }
        return h - term(other, s.length());
    }

    private static double term(int count, int n) {
        if (count == 0) {
            return 0;
        }
        double p = (double) count / n;
        return p * Math.log(p) / Math.log(2);
    }
}
