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
    private record Cue(Pattern pattern, double weight) {
    }

    private static Cue cue(String regex, double weight) {
        return new Cue(Pattern.compile(regex), weight);
    }

    private static final String IGNORE = "(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|discard)";
    private static final String PRIOR = "(?:previous|prior|above|earlier|preceding|initial|original|old|former"
            + "|system|given|existing)";
    private static final String RULES = "(?:instructions?|rules|directions?|prompts?|guidelines|constraints"
            + "|restrictions|programming|polic(?:y|ies)|commands?|orders|context|tasks?)";

    private static final List<Cue> CUES = List.of(
            cue("\\b" + IGNORE + "\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|my\\s+|of\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                    + PRIOR + "\\s+" + RULES + "\\b", 0.9),
            cue("\\b" + IGNORE + "\\s+(?:all|everything|anything)\\s+(?:(?:that\\s+)?(?:you|i|was|has|have)\\s+)?"
                    + "(?:said|told|written|been told|learned|above|before)\\b", 0.8),
            cue("\\b(?:forget|ignore)\\s+(?:everything|all\\s+that|about\\s+all)\\b", 0.6),
            cue("\\b" + IGNORE + "\\s+(?:your|the|all|any)\\s+(?:safety|ethical|moral|content|openai)\\s+", 0.7),
            cue("\\bdo anything now\\b|\\bdan\\b|\\bdeveloper mode\\b|\\bjailbr(?:eak|oken)\\b|\\bdude mode\\b"
                    + "|\\bgod mode\\b|\\bevil (?:mode|confidant|bot)\\b|\\baim\\b|\\bmachiavellian\\b", 0.6),
            cue("\\b(?:no|without|free (?:of|from)|zero|not bound by|break free of)\\s+(?:any\\s+)?(?:ethical|moral"
                    + "|content|safety)?\\s*(?:restrictions|limitations|limits|filters|filtering|censorship"
                    + "|guidelines|principles|boundaries|constraints|rules)\\b", 0.55),
            cue("\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical ai|immoral)\\b", 0.45),
            cue("\\byou are (?:now|no longer|going to|about to)\\b|\\bfrom now on\\b|\\bact as\\b|\\bacting as\\b"
                    + "|\\bpretend (?:to be|you are|that you)\\b|\\brole-?play\\b|\\bstay in character\\b"
                    + "|\\bin character\\b|\\bsimulate\\b|\\bimagine you are\\b", 0.3),
            cue("\\b(?:reveal|show|print|repeat|output|display|tell me|give me|what (?:is|are|was))\\s+(?:me\\s+)?"
                    + "(?:your|the)\\s+(?:(?:full|entire|initial|original|hidden|secret|system)\\s+)*"
                    + "(?:system prompt|prompt|instructions|password|secret|rules)\\b", 0.6),
            cue("\\b(?:new|updated|real|actual|true|override|overriding|hidden)\\s+(?:instructions?|task|rules|orders)\\b"
                    + "|\\bsystem override\\b|\\badmin(?:istrator)? mode\\b|\\bsudo mode\\b|\\bmaintenance mode\\b",
                    0.45),
            cue("\\bopenai(?:'s)?\\s+(?:content\\s+)?polic(?:y|ies)\\b|\\bcontent polic(?:y|ies)\\b", 0.4),
            cue("\\b(?:never|don't|do not|cannot|can't|must not|will not|won't|shouldn't|should not)\\s+"
                    + "(?:ever\\s+)?(?:refuse|decline|say no|reject|deny)\\b|\\balways (?:answer|comply|respond)\\b",
                    0.55),
            cue("\\b(?:begin|start)\\s+(?:your|the|each)?\\s*(?:reply|response|answer|output)\\s+with\\b", 0.45),
            cue("\\bsure,? here (?:is|are)\\b", 0.3),
            cue("\\b(?:two|2|both)\\s+(?:different\\s+)?(?:responses|answers|ways|paragraphs)\\b", 0.25),
            cue("<\\|?(?:im_start|im_end|system|endoftext|assistant)\\|?>|\\[/?inst\\]|<<sys>>"
                    + "|###\\s*(?:system|instruction)|\\bsystem:\\s", 0.6),
            cue("\\b(?:hypothetical(?:ly)?|fictional (?:world|story|scenario|setting)|for educational purposes"
                    + "|purely fictional|thought experiment)\\b", 0.2),
            cue("\\b(?:illegal|unethical|harmful|immoral|dangerous|offensive|explicit)\\b", 0.12),
            cue("\\b(?:instead|now)\\s+(?:say|write|print|output|respond with|answer with|tell)\\b", 0.3),
            cue("\\bignoriere\\b|\\bvergiss\\b|\\bvorherigen anweisungen\\b|\\bneue anweisungen\\b"
                    + "|\\bignora\\b|\\bolvida\\b|\\bignorez\\b|\\boubliez\\b", 0.5),
            cue("\\b(?:answer|respond|reply|act)\\s+(?:only\\s+)?as\\s+(?:an?\\s+)?(?:ai|assistant|chatbot|character|"
                    + "model)\\s+(?:that|who|with(?:out)?)\\b", 0.35),
            cue("\\b(?:stop|cease)\\s+(?:being|acting as)\\b|\\bno longer (?:an?|bound|restricted|chatgpt)\\b", 0.4),
            cue("\\bchatgpt\\b|\\bgpt-?[34]\\b|\\blanguage model\\b", 0.15));

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
        CharSequence guarded = deadline.guard(folded);
        for (Cue c : CUES) {
            Matcher m = c.pattern().matcher(guarded);
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
