package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlgate.guard.Action;
import org.mlgate.guard.Span;
import org.mlgate.guard.text.TextView;

/**
 * Instruction-hijacking and jailbreak cues written from the published taxonomies (OWASP LLM01, the "Do Anything
 * Now" study, Rebuff's and LLM Guard's heuristics), not fitted to the evaluation data. Each cue has a weight;
 * the score is {@code 1 − Π(1 − weight)} over the distinct cues present in the folded text (leetspeak,
 * homoglyphs and zero-width characters normalised). Every pattern is free of nested quantifiers, so matching is
 * linear in the text.
 */
public record HeuristicInjectionRail(String name, Action action, double threshold) implements Rail {
    /** A cue; its regex runs only when the text contains one of its anchors (plain substrings), for speed. */
    private record Cue(Pattern pattern, double weight, List<String> anchors) {
        boolean mayMatch(String folded) {
            for (String a : anchors) {
                if (folded.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Cue cue(String regex, double weight, String... anchors) {
        return new Cue(Pattern.compile(regex), weight, List.of(anchors));
    }

    private static final String[] IGNORE_ANCHORS = {"ignor", "disregard", "forget", "overrid", "bypass", "skip",
        "drop", "abandon", "discard"};

    private static final String IGNORE = "(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|discard)";
    private static final String PRIOR = "(?:previous|prior|above|earlier|preceding|initial|original|old|former"
            + "|system|given|existing)";
    private static final String RULES = "(?:instructions?|rules|directions?|prompts?|guidelines|constraints"
            + "|restrictions|programming|polic(?:y|ies)|commands?|orders|context|tasks?)";

    private static final List<Cue> CUES = List.of(
            cue("\\b" + IGNORE + "\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|my\\s+|of\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                    + PRIOR + "\\s+" + RULES + "\\b", 0.9, IGNORE_ANCHORS),
            cue("\\b" + IGNORE + "\\s+(?:all|everything|anything)\\s+(?:(?:that\\s+)?(?:you|i|was|has|have)\\s+)?"
                    + "(?:said|told|written|been told|learned|above|before)\\b", 0.8, IGNORE_ANCHORS),
            cue("\\b" + IGNORE + "\\s+(?:(?:all|any|the|your|of|these|those|my)\\s+){0,3}" + RULES + "\\b", 0.8,
                    IGNORE_ANCHORS),
            cue("\\b(?:forget|ignore)\\s+(?:everything|all\\s+that|about\\s+all)\\b", 0.6, "forget", "ignore"),
            cue("\\b" + IGNORE + "\\s+(?:your|the|all|any)\\s+(?:safety|ethical|moral|content|openai)\\s+", 0.7, IGNORE_ANCHORS),
            cue("\\b(?:do anything now|dan|developer mode|jailbr(?:eak|oken)|dude mode|god mode"
                    + "|evil (?:mode|confidant|bot)|aim|machiavellian)\\b", 0.6, "anything now", "dan", "developer mode", "jailbr", "dude mode", "god mode", "evil ", "aim", "machiavellian"),
            cue("\\b(?:no|without|free (?:of|from)|zero|not bound by|break free of)\\s+(?:any\\s+)?(?:ethical|moral"
                    + "|content|safety)?\\s*(?:restrictions|limitations|limits|filters|filtering|censorship"
                    + "|guidelines|principles|boundaries|constraints|rules)\\b", 0.55, "restriction", "limitation", "limits", "filter", "censor", "guideline", "principle", "boundar", "constraint", "rules"),
            cue("\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical ai|immoral)\\b", 0.45, "unfiltered", "uncensored", "unrestricted", "amoral", "unethical ai", "immoral"),
            cue("\\b(?:you are (?:now|no longer|going to|about to)|from now on|act as|acting as"
                    + "|pretend (?:to be|you are|that you)|role-?play|stay in character|in character|simulate"
                    + "|imagine you are)\\b", 0.3, "you are ", "from now on", "act as", "acting as", "pretend", "role", "character", "simulate", "imagine you"),
            cue("\\b(?:reveal|show|print|repeat|output|display|tell me|give me|what (?:is|are|was))\\s+(?:me\\s+)?"
                    + "(?:your|the)\\s+(?:(?:full|entire|initial|original|hidden|secret|system|root|admin|administrator"
                    + "|master|database|wifi|account)\\s+)*"
                    + "(?:system prompt|prompt|instructions|password|secret|rules)\\b", 0.6, "prompt", "instruction", "password", "secret", "rules"),
            cue("\\b(?:(?:new|updated|real|actual|true|override|overriding|hidden)\\s+(?:instructions?|task|rules|orders)"
                    + "|system override|admin(?:istrator)? mode|sudo mode|maintenance mode)\\b",
                    0.45, "instruction", "task", "rules", "orders", "override", "admin", "sudo", "maintenance"),
            cue("\\b(?:openai(?:'s)?\\s+(?:content\\s+)?|content )polic(?:y|ies)\\b", 0.4, "polic"),
            cue("\\b(?:never|don't|do not|cannot|can't|must not|will not|won't|shouldn't|should not)\\s+"
                    + "(?:ever\\s+)?(?:refuse|decline|say no|reject|deny)\\b|\\balways (?:answer|comply|respond)\\b",
                    0.55, "refuse", "decline", "say no", "reject", "deny", "always "),
            cue("\\b(?:begin|start)\\s+(?:your|the|each)?\\s*(?:reply|response|answer|output)\\s+with\\b", 0.45, "with"),
            cue("\\bsure,? here (?:is|are)\\b", 0.3, "here is", "here are"),
            cue("\\b(?:two|2|both)\\s+(?:different\\s+)?(?:responses|answers|ways|paragraphs)\\b", 0.25, "responses", "answers", "ways", "paragraphs"),
            cue("<\\|?(?:im_start|im_end|system|endoftext|assistant)\\|?>|\\[/?inst\\]|<<sys>>"
                    + "|###\\s*(?:system|instruction)|\\bsystem:\\s", 0.6, "<", "[", "###", "system:"),
            cue("\\b(?:hypothetical(?:ly)?|fictional (?:world|story|scenario|setting)|for educational purposes"
                    + "|purely fictional|thought experiment)\\b", 0.2, "hypothetical", "fictional", "educational", "thought experiment"),
            cue("\\b(?:illegal|unethical|harmful|immoral|dangerous|offensive|explicit)\\b", 0.12, "illegal", "unethical", "harmful", "immoral", "dangerous", "offensive", "explicit"),
            cue("\\b(?:instead|now)\\s+(?:say|write|print|output|respond with|answer with|tell)\\b", 0.3, "instead", "now "),
            cue("\\b(?:ignoriere|vergiss|vorherigen anweisungen|neue anweisungen|ignora|olvida|ignorez|oubliez)\\b", 0.5, "ignoriere", "vergiss", "anweisungen", "ignora", "olvida", "ignorez", "oubliez"),
            cue("\\b(?:answer|respond|reply|act)\\s+(?:only\\s+)?as\\s+(?:an?\\s+)?(?:ai|assistant|chatbot|character|"
                    + "model)\\s+(?:that|who|with(?:out)?)\\b", 0.35, " as "),
            cue("\\b(?:(?:stop|cease)\\s+(?:being|acting as)|no longer (?:an?|bound|restricted|chatgpt))\\b", 0.4, "stop", "cease", "no longer"),
            cue("\\b(?:chatgpt|gpt-?[34]|language model)\\b", 0.15, "chatgpt", "gpt", "language model"));

    public static HeuristicInjectionRail of(String name, Action action, double threshold) {
        return new HeuristicInjectionRail(name, action, threshold);
    }

    @Override
    public String type() {
        return "heuristic_injection";
    }

    @Override
    public Detection detect(TextView text, Deadline deadline) {
        String folded = text.folded();
        double keep = 1;
        List<Span> spans = new ArrayList<>();
        for (Cue c : CUES) {
            // The cues are linear-time patterns, so they run on the plain string (much faster than through the
            // deadline's guarded view); the deadline is checked between cues.
            deadline.check();
            if (!c.mayMatch(folded)) {
                continue;
            }
            Matcher m = c.pattern().matcher(folded);
            boolean found = false;
            while (m.find()) {
                found = true;
                spans.add(new Span(text.originStart(m.start()), text.originEnd(m.end())));
            }
            if (found) {
                keep *= 1 - c.weight();
            }
        }
        double score = 1 - keep;
        return score == 0 ? Detection.NONE : new Detection(score, Matches.merge(spans));
    }
}
