package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;
import org.mlgate.guard.text.Words;

/**
 * Keywords and phrases matched word by word on the folded text (leetspeak, homoglyphs, zero-width characters
 * and spelled-out letters normalised), so {@code 1GN0RE pr\u0435vious} matches "ignore previous".
 */
public record KeywordsRail(String name, Action action, List<List<String>> phrases) implements Rail {
    public static KeywordsRail of(String name, Action action, List<String> keywords) {
        List<List<String>> phrases = new ArrayList<>();
        for (String k : keywords) {
            List<String> words = Words.of(TextView.of(k).folded()).stream().map(Words.Word::text).toList();
            if (words.isEmpty()) {
                throw new IllegalArgumentException("keyword \"" + k + "\" has no letters");
            }
            phrases.add(words);
        }
        return new KeywordsRail(name, action, List.copyOf(phrases));
    }

    @Override
    public String type() {
        return "keywords";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        List<Words.Word> words = Words.of(text.folded());
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (List<String> phrase : phrases) {
                if (i + phrase.size() <= words.size() && matchesAt(words, i, phrase)) {
                    Words.Word last = words.get(i + phrase.size() - 1);
                    spans.add(new Span(text.originStart(words.get(i).start()), text.originEnd(last.end())));
                }
            }
            if ((i & 255) == 0) {
                deadline.check();
            }
        }
        return Detection.matched(Matches.merge(spans));
    }

    private static boolean matchesAt(List<Words.Word> words, int at, List<String> phrase) {
        for (int k = 0; k < phrase.size(); k++) {
            if (!words.get(at + k).text().equals(phrase.get(k))) {
                return false;
            }
        }
        return true;
    }
}
