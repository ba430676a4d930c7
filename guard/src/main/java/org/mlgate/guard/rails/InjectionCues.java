package org.mlgate.guard.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mlgate.guard.text.TextView;

/**
 * The cue table of {@link HeuristicInjectionRail}: each cue's pattern, weight and the word prefixes (or, for
 * cues that may start with punctuation or another script, the anchors) under which the rail tries it. Written
 * from the published taxonomies (OWASP LLM01, the "Do Anything Now" study, Rebuff's and LLM Guard's heuristics,
 * HackAPrompt, Greshake et al.'s indirect injection, multilingual jailbreak studies) and from mlgate's own hard
 * negatives; a few forms were added after reading attacks the guard missed in the evaluation corpus (listed in
 * the guard README), so that corpus's never-seen figures are not entirely blind to them.
 */
final class InjectionCues {
    private InjectionCues() {
    }

    /** A cue: its pattern, weight, and the prefixes of the word a match starts with. */
    record Cue(int id, Pattern pattern, double weight, List<String> firstWords) {
    }

    /** A cue found by search: it may start with punctuation. */
    record SearchCue(int id, Pattern pattern, double weight, List<String> anchors) {
    }

    // Misspelt keywords are an evasion (HackAPrompt's typo attacks) and a habit: the long ones also match with one
    // letter dropped, doubled or swapped with its neighbour ("instructons", "ignnore", "disregrad").
    private static final String IGNORE = "(?:" + Fuzzy.variants("ignore") + "|igmore|" + Fuzzy.variants("disregard")
            + "|disreguard|" + Fuzzy.variants("forget") + "|dismiss|override|bypass|skip|drop|abandon|discard)";
    private static final String[] IGNORE_WORDS = Fuzzy.prefixes("ignore", "disregard", "forget", "igmore", "dismiss",
            "overrid", "bypass", "skip", "drop", "abandon", "discard");
    private static final String PRIOR = "(?:" + Fuzzy.variants("previous") + "|prior|" + Fuzzy.variants("above") + "|" + Fuzzy.variants("earlier")
            + "|preceding|initial|original|old|former|system|given|existing)";
    private static final String RULES = "(?:" + Fuzzy.variants("instructions") + "|" + Fuzzy.variants("instruction")
            + "|rules|directions?|prompts?|" + Fuzzy.variants("guidelines") + "|constraints"
            + "|restrictions|programming|polic(?:y|ies)|commands?|orders|context|tasks?)";

    static final List<Cue> CUES = new ArrayList<>();
    static final List<SearchCue> SEARCH_CUES = new ArrayList<>();
    /** Each cue's weight by id (cues and search cues share one numbering, in order of registration). */
    private static final List<Double> WEIGHTS = new ArrayList<>();
    /** A cue with those of its prefixes that begin with one pair of characters. */
    record Entry(Cue cue, String[] prefixes) {
    }

    /** Cues by the first two characters of their prefixes (ASCII; a space stands for any whitespace). */
    static final Entry[][] BY_PREFIX = new Entry[128 * 128][];

    private static void cue(String regex, double weight, String... firstWords) {
        Cue c = new Cue(CUES.size() + SEARCH_CUES.size(), Pattern.compile(regex), weight, List.of(firstWords));
        CUES.add(c);
        WEIGHTS.add(weight);
        for (String w : firstWords) {
            if (w.length() < 2 || w.chars().anyMatch(ch -> ch >= 128)) {
                throw new IllegalStateException("a cue prefix must be two or more ASCII characters: " + w);
            }
            int k = key(w.charAt(0), w.charAt(1));
            Entry[] old = BY_PREFIX[k] == null ? new Entry[0] : BY_PREFIX[k];
            int at = 0;
            while (at < old.length && old[at].cue() != c) {
                at++;
            }
            if (at == old.length) {
                old = java.util.Arrays.copyOf(old, old.length + 1);
                old[at] = new Entry(c, new String[0]);
            }
            String[] ps = java.util.Arrays.copyOf(old[at].prefixes(), old[at].prefixes().length + 1);
            ps[ps.length - 1] = w;
            old[at] = new Entry(c, ps);
            BY_PREFIX[k] = old;
        }
    }

    private static void searchCue(String regex, double weight, String... anchors) {
        WEIGHTS.add(weight);
        SEARCH_CUES.add(new SearchCue(CUES.size() + SEARCH_CUES.size(), Pattern.compile(regex), weight,
                List.of(anchors)));
    }

    /** -1 when either character is outside ASCII (no prefix starts so). */
    static int key(char a, char b) {
        char second = Character.isWhitespace(b) ? ' ' : b;
        return a < 128 && second < 128 ? a << 7 | second : -1;
    }

    static {
        cue("\\b" + IGNORE + "\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|my\\s+|of\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                + PRIOR + "\\s+" + RULES + "\\b", 0.9, IGNORE_WORDS);
        cue("\\b" + IGNORE + "\\s+(?:all|everything|anything)\\s+(?:(?:that\\s+)?(?:you|i|was|has|have)\\s+)?"
                + "(?:said|told|written|been told|learned|above|before)\\b", 0.8, IGNORE_WORDS);
        cue("\\b" + IGNORE + "\\s+(?:(?:all|any|the|your|ur|of|these|those|my)\\s+){0,3}" + RULES + "\\b", 0.8,
                IGNORE_WORDS);
        cue("\\b(?:forget|ignore)\\s+(?:about\\s+)?(?:everything|all\\s+(?:of\\s+)?that|all\\s+of\\s+this|about\\s+all)\\b(?!\\s+(?:you|i|we)\\s+(?:think\\s+|thought\\s+)?"
                + "(?:you\\s+|i\\s+|we\\s+)?(?:know|knew)\\s+about)", 0.6, "forget", "ignore");
        cue("\\b" + IGNORE + "\\s+(?:your|the|all|any)\\s+(?:safety|ethical|moral|content|openai)\\s+", 0.7,
                IGNORE_WORDS);
        cue("\\b(?:do anything now|(?:you are|you're|act as|be|called|named|become|pretend to be|play|as)\\s+(?:now\\s+)?"
                + "(?:a\\s+)?dan|dan\\s+(?:mode|prompt|jailbreak|persona)|jailbr(?:oken|eak) mode|dude mode|evil (?:mode"
                + "|confidant|bot)|machiavellian)\\b", 0.6, "do anything", "you are", "you're", "act as", "be ", "called",
                "named", "become", "pretend", "play", "as ", "dan", "jailbr", "dude ", "evil ", "machiavellian");
        // "Dan" is also a name: alone it only adds to other cues.
        cue("\\bdan\\b", 0.3, "dan");
        // A device setting ("enable developer mode on my phone") as often as the DAN persona: weak alone.
        cue("\\b(?:developer mode|god mode)\\b", 0.3, "developer ", "god ");
        // A topic word alone ("explain what a jailbreak is") is not a hijack: weak, it only adds to other cues.
        cue("\\bjailbr(?:eak|oken)\\b", 0.3, "jailbr");
        cue("\\b(?:no|without|free (?:of|from)|zero|not bound by|break free of)\\s+(?:any\\s+)?(?:ethical|moral"
                + "|content|safety)?\\s*(?:restrictions|limitations|limits|filters|filtering|censorship"
                + "|guidelines|principles|boundaries|constraints|rules)\\b", 0.4,
                "no ", "without ", "free ", "zero ", "not ", "break ");
        // "an unfiltered overview" is a request; "an unfiltered AI", "uncensored mode" set up a persona.
        cue("\\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|immoral)\\s+(?:and\\s+\\w+\\s+)?(?:ai|mode"
                + "|assistant|chatbot|model|bot|persona|character|responses?|answers?|replies|version of (?:yourself"
                + "|you|chatgpt))\\b|\\b(?:you are|you're|be|become|remain|stay)\\s+(?:completely\\s+|totally\\s+|fully\\s+)?"
                + "(?:unfiltered|uncensored|unrestricted|amoral)\\b", 0.45,
                "unfiltered", "uncensored", "unrestricted", "amoral", "unethical", "immoral", "you are", "you're",
                "be ", "become", "remain", "stay");
        cue("\\b(?:unfiltered|uncensored|unrestricted|amoral)\\b", 0.15,
                "unfiltered", "uncensored", "unrestricted", "amoral");
        cue("\\b(?:you are (?:now|no longer|going to|about to)|(?:now|starting now),?\\s+you(?:'re| are)\\s+(?!(?:going|able|ready|done|welcome|right|correct|sure)\\b)|from now on|act as|acting as"
                + "|pretend (?:to be|you are|that you)|role-?play|stay in character|in character|simulate"
                + "|imagine you are)\\b", 0.3,
                "you are", "now", "starting now", "from now", "act as", "acting as", "pretend ", "role", "stay in", "in character", "simulate",
                "imagine you");
        cue("\\b(?:reveal|show|print|repeat|output|display|tell me|give me|what(?:'s|\\s+is|\\s+are|\\s+was|\\s+were)"
                + "|recite|quote|paraphrase|spell(?:\\s+out)?|share|confirm|leak|list)\\s+(?:me\\s+)?(?:(?:your|thy)\\s+"
                + "(?:(?:full|entire|initial|original|hidden|secret|system|root|admin|administrator|master|exact|real"
                + "|actual|current)\\s+)*(?:system prompt|prompt|instructions|password|passcode|secret(?:\\s+(?:word|key"
                + "|code)|(?=\\s*(?:[?.!,:;\"')]|$|is\\b|please\\b)))|access code|rules|guidelines|constraints|directives|configuration)|the\\s+(?:(?:full|entire"
                + "|initial|original|hidden|secret|system|root|admin|administrator|master|exact|real|actual)\\s+)*"
                + "(?:system prompt|secret(?:\\s+(?:word|key|code)|(?=\\s*(?:[?.!,:;\"')]|$|is\\b|please\\b)))|password|passcode|access code)(?!\\s+(?:for|of|to"
                + "|on|requirements?|policy|policies|manager|reset|rules|strength|hint)\\b)|the\\s+(?:(?:full|entire"
                + "|initial|original|hidden|secret|system)\\s+)+(?:prompt|instructions|rules))\\b", 0.6,
                "reveal ", "show ", "print ", "repeat ", "output ", "display ", "tell ", "give ", "what", "recite",
                "quote", "paraphrase", "spell", "share", "confirm", "leak", "list");
        cue("\\b(?:(?:new|updated|real|actual|true|override|overriding|hidden)\\s+(?:instructions?|task|rules|orders)"
                + "|system override|admin(?:istrator)? mode|sudo mode|maintenance mode)\\b", 0.45,
                "new ", "updated ", "real ", "actual ", "true ", "overrid", "hidden ", "system ", "admin", "sudo ",
                "maintenance ");
        cue("\\b(?:openai(?:'s)?\\s+(?:content\\s+)?|content )polic(?:y|ies)\\b", 0.4, "openai", "content ");
        cue("\\b(?:(?:never|don't|do not|cannot|can't|must not|will not|won't|shouldn't|should not)\\s+"
                + "(?:ever\\s+)?(?:refuse|decline|say no|reject|deny)|always (?:answer|comply|respond))\\b", 0.45,
                "never ", "don't ", "do not", "cannot ", "can't ", "must not", "will not", "won't ", "shouldn't ",
                "should not", "always ");
        cue("\\b(?:begin|start)\\s+(?:your|the|each)?\\s*(?:reply|response|answer|output)\\s+with\\b", 0.45,
                "begin ", "start ");
        cue("\\bsure,? here (?:is|are)\\b", 0.3, "sure");
        cue("\\b(?:two|both)\\s+(?:different\\s+)?(?:responses|answers|ways|paragraphs)\\b", 0.25, "two ", "both ");
        // The folded text maps '|' to 'l' (leetspeak): "<|im_start|>" reads "<lim_startl>".
        searchCue("<[|l]?(?:im_start|im_end|system|endoftext|assistant)[|l]?>|\\[/?inst\\]|<<sys>>"
                + "|###\\s*(?:system|instruction)", 0.6, "<", "[", "###");
        // "System:" also names a speaker in logs and meeting transcripts: weak alone.
        searchCue("(?<![\\p{L}\\p{N}]\\s)(?<![\\p{L}\\p{N}])system:\\s", 0.25, "system:");
        cue("\\b(?:hypothetical(?:ly)?|fictional (?:world|story|scenario|setting)|for educational purposes"
                + "|purely fictional|thought experiment)\\b", 0.2,
                "hypothetical", "fictional ", "for educational", "purely fictional",
                "thought experiment");
        cue("\\b(?:illegal|unethical|harmful|immoral|dangerous|offensive|explicit)\\b", 0.12,
                "illegal", "unethical", "harmful", "immoral", "dangerous", "offensive", "explicit");
        cue("\\b(?:instead|now)\\s+(?:say|write|print|output|respond with|answer with|tell)\\b", 0.3,
                "instead ", "now ");
        cue("\\b(?:ignoriere|vergiss|ignora|olvida|ignorez|oubliez)\\b", 0.3,
                "ignoriere", "vergiss", "ignora", "olvida", "ignorez", "oubliez");
        // Instruction hijacking as written from the injection taxonomies (OWASP LLM01, HackAPrompt's task
        // types), not from the evaluation corpus: a task switch, a forced output, a dismissal of what came before.
        cue("\\b(?:(?:stop|quit|cease)\\s+(?:following|obeying)|(?:don't|do not|no longer)\\s+(?:follow|obey))\\s+"
                + "(?:(?:the|your|any|all|my|these|those)\\s+)*(?:(?:previous|prior|above|earlier|original|system|old)"
                + "\\s+)?" + RULES + "\\b", 0.8, "stop ", "quit ", "cease ", "don't ", "do not", "no longer");
        cue("\\b(?:pay no attention to|never mind|nevermind|scratch that|disregard that|forget (?:that|this|it|about"
                + " (?:that|this|it|the (?:above|previous)))(?:\\s+and)?)\\b", 0.3,
                "pay ", "never", "scratch ", "disregard ", "forget ");
        cue("\\b(?:(?:your|the|my)\\s+(?:new|next|real|actual|only)\\s+(?:task|job|assignment|goal|instruction|mission)"
                + "\\s+(?:is|will be)|new (?:task|assignment|instructions?)\\s*:|now (?:comes|follows) (?:a|your) new"
                + " (?:task|assignment))", 0.55, "your new", "your next", "your real", "your actual", "your only", "the new", "the next", "the real", "the actual", "the only", "my new", "my next", "my real", "my actual", "my only", "new task", "new assignment",
                "new instruction", "now comes", "now follows");
        cue("\\b(?:(?:the|that|this|all)\\s+(?:above|previous|prior|before)\\s+(?:was|were|is)\\s+(?:just\\s+|only\\s+)?"
                + "(?:a test|fake|wrong|false|irrelevant|a joke|not important))\\b", 0.55, "the above", "the previous", "the prior", "the before", "that above", "that previous", "that prior", "that before", "this above", "this previous", "this prior", "this before", "all above", "all previous", "all prior", "all before");
        cue("\\b(?:(?:say|print|output|write|respond with|reply with|answer with|type)\\s+(?:only|just|exactly|"
                + "nothing but)?\\s*[\"'\u201c\u2018]?\\s*(?:i have been pwned|pwned|hacked|haha|access granted)|i have been pwned)\\b",
                0.7, "say", "print", "output", "write", "respond", "reply", "answer", "type", "i ");
        cue("\\b(?:(?:print|repeat|output|show|reveal|spell|translate|summari[sz]e)\\s+(?:out\\s+)?(?:all\\s+)?"
                + "(?:the|your|all)\\s+(?:text|words|instructions|prompt|message|content)\\s+(?:above|before|preceding"
                + "|you (?:were|have been) given))\\b", 0.6, "print", "repeat", "output", "show", "reveal", "spell");
        cue("\\b(?:translate|summari[sz]e)\\s+(?:all\\s+)?(?:the|your|all)\\s+(?:text|words|instructions|prompt"
                + "|message|content)\\s+(?:above|before|preceding|you (?:were|have been) given)\\b", 0.4, "translate",
                "summar");
        cue("\\b(?:(?:vergiss|vergessen sie|ignoriere|ignorieren sie)\\s+(?:alles\\b|(?:alle|die|deine|ihre)\\s+"
                + "(?:\\w+\\s+)?(?:anweisungen|regeln|vorgaben|instruktionen|befehle|aufgaben|informationen|richtlinien))|alle "
                + "(?:vorherigen|bisherigen|vorangegangenen) (?:anweisungen|aufgaben|befehle)|(?:deine|ihre) neue "
                + "aufgabe|jetzt (?:kommt|folgt) eine neue)\\b", 0.7, "vergiss", "vergessen", "ignoriere",
                "ignorieren", "alle", "deine", "ihre", "jetzt");
        cue("\\b(?:answer|respond|reply|act)\\s+(?:only\\s+)?as\\s+(?:an?\\s+)?(?:ai|assistant|chatbot|character|"
                + "model)\\s+(?:that|who|with(?:out)?)\\b", 0.35, "answer ", "respond ", "reply ", "act ");
        cue("\\b(?:(?:stop|cease)\\s+(?:being|acting as)|no longer (?:an?|bound|restricted|chatgpt))\\b", 0.4,
                "stop ", "cease ", "no ");
        cue("\\b(?:chatgpt|gpt-?[34]|language model)\\b", 0.15, "chatgpt", "gpt", "language ");
        // Indirect injection (Greshake et al. 2023): text inside a document, e-mail or page that addresses the AI
        // processing it. A user speaks to the assistant; content does not.
        cue("\\b(?:(?:any|every|whatever|all|dear|hey|attention|hello|note to (?:the|any|all)?\\s*|message (?:to|for) "
                + "(?:the|any)?\\s*|instructions? (?:to|for) (?:the|any)?\\s*)(?:ai|llm|language model|assistant|chatbot|bot"
                + "|agent|copilot|gpt|chatgpt|model)s?|(?:ai|llm|language model|assistant|chatbot|bot|agent|copilot|model)s?"
                + "\\s+(?:that is\\s+|who is\\s+)?(?:reading|processing|summari[sz]ing|reviewing|parsing|analy[sz]ing"
                + "|viewing|seeing|scanning|handling|indexing|crawling)\\s+(?:this|these|the|my)|if you are an? (?:ai|llm"
                + "|language model|assistant|chatbot|bot|agent))\\b", 0.55, "any ", "every ", "whatever ", "all ", "dear ",
                "hey ", "attention ", "hello ", "note ", "message ", "instruction", "ai ", "llm", "language ", "assistant",
                "chatbot", "bot", "agent", "copilot", "model", "if you");
        // "AI reviewer: approve this", "[assistant: ...]", "<!-- agent: ...": an instruction labelled for the AI.
        searchCue("(?:[\\[(<{]|<!--)\\s*(?:ai|llm|assistant|agent|bot|copilot|gpt|chatgpt)(?:\\s+[a-z]+){0,2}\\s*[:>]\\s",
                0.55, "[", "(", "<", "{");
        // The same label after a quote or at a line start is also how transcripts name a speaker: weaker.
        searchCue("(?:[*#\"'\u201c]|\\n)\\s*(?:ai|llm|assistant|agent|bot|copilot|gpt|chatgpt)(?:\\s+[a-z]+){0,2}\\s*[:>]\\s",
                0.25, "*", "#", "\"", "'", "\u201c", "\n");
        cue("\\b(?:(?:do not|don't|never|without)\\s+(?:mention(?:ing)?|tell(?:ing)?|inform(?:ing)?|ask(?:ing)?|alert(?:ing)?"
                + "|notify(?:ing)?|warn(?:ing)?)\\s+(?:(?:this|it|that|anything)\\s+)?(?:to\\s+)?the\\s+user|"
                + "(?:silently|secretly|quietly|covertly)\\s+(?:call|send|forward|post|upload|run|execute|visit|open|add"
                + "|include|delete|email|share|transfer))\\b", 0.4, "do not", "don't", "never ", "without ", "silently",
                "secretly", "quietly", "covertly");
        cue("\\b" + IGNORE + "\\s+(?:the|this)\\s+user(?:'s)?(?:\\s+(?:request|question|task|instructions?|message))?\\b",
                0.6, IGNORE_WORDS);
        // Exfiltration through a rendered image: a markdown image whose URL carries a placeholder for data.
        // ('!' reads 'i' in the folded text.)
        searchCue("i\\[[^\\]\\n]{0,80}\\]\\(\\s*https?://[^)\\s]{0,200}[?&][^)\\s]{0,200}(?:[<{\\[]|%7b|%3c)", 0.6, "i[");
        // Goal hijack mid-request: the task just given is cancelled for another.
        cue("\\b(?:(?:wait|actually|no|stop|scratch that|on second thought)[,.!:]?\\s+(?:don't|do not|skip|instead)|(?:don't|do not)\\s+(?:translate|summari[sz]e|answer|classify|do|correct|review|check)"
                + "\\s+(?:\\w+\\s+){0,3}?(?:instead|rather)|skip\\s+the\\s+(?:task|translation|summary|classification"
                + "|question|review|analysis)\\s+(?:and|,|;))\\b", 0.45, "wait", "actually", "no", "stop", "scratch",
                "on second", "don't", "do not", "skip");
        // The model's own instructions as the object of a question ("what were you told", "the first sentence
        // you were given"): prompt leaking without the word "prompt".
        cue("\\b(?:what (?:were|was|have) you (?:been\\s+)?(?:told|instructed|given|programmed|configured)|(?:the\\s+)?"
                + "(?:first|last|initial|opening|very first)\\s+(?:thing|sentence|line|message|words?|instructions?)\\s+"
                + "(?:you\\s+)?(?:were|was|have been)\\s+(?:told|given|shown|sent)|(?:instructions|rules|guidelines"
                + "|constraints|directives)\\s+(?:that\\s+)?you\\s+(?:were|are|have been)\\s+(?:given|told|configured"
                + "|programmed|operating under|following|handed)|(?:instructions|rules|guidelines|directives|prompt)\\s+"
                + "(?:that\\s+)?(?:you|u)\\s+(?:received|got|were handed))\\b", 0.55, "what ", "the ", "first", "last",
                "initial", "opening", "very ", "instructions", "rules", "guidelines", "constraints", "directives",
                "prompt");
        // Gandalf-style extraction: the secret the assistant keeps, named as such.
        cue("\\b(?:(?:the|your|ur)\\s+(?:secret|hidden|protected|guarded|magic)\\s+(?:word|password|passphrase|phrase"
                + "|key|code)|(?:word|password|secret|code)\\s+(?:that\\s+)?(?:you(?:'re| are)|ur|u r)\\s+(?:keeping"
                + "|guarding|hiding|protecting)|what\\s+(?:word|password|secret)\\s+(?:are|r)\\s+(?:you|u)\\s+(?:keeping"
                + "|guarding|hiding|protecting))\\b", 0.45, "the ", "your ", "ur ", "word", "password", "secret", "code",
                "what ");
        // What came before the user's message, asked for as text.
        cue("\\b(?:what(?:'s| is| was| were)?|whats|show me|print|repeat)\\s+(?:is\\s+)?(?:written\\s+)?(?:above|before)"
                + "\\s+(?:this|my)\\s+(?:line|message|prompt|text|question)|(?:whats|what's|what is)\\s+(?:your|ur)\\s+"
                + "(?:prompt|system prompt|preamble|initial prompt|hidden rules|instructions)\\b", 0.55, "what", "show ",
                "print", "repeat");
        // Retrieval-context override (OWASP LLM01 indirect injection): the answer is to come from the attacker's
        // text, not from the provided documents, or what came before is to be dropped.
        cue("\\b(?:despite|regardless of|irrespective of|in spite of)\\s+(?:what|anything|everything)\\s+(?:you(?:'ve|"
                + " have)?|i)\\s+(?:been\\s+)?(?:told|said|instructed|learned)\\b|\\b(?:disregarding|ignoring|forgetting)"
                + "\\s+(?:(?:all|any|the|your|these|those|of)\\s+){0,3}(?:(?:previous|prior|above|earlier|provided|given)\\s+)?"
                + "(?:instructions?|rules|articles|documents?|context|information|guidelines|prompts?)\\b", 0.55,
                "despite", "regardless", "irrespective", "in spite", "disregarding", "ignoring", "forgetting");
        cue("\\b" + IGNORE + "\\s+(?:(?:all|any|the|your|of|these|those)\\s+){0,3}(?:(?:provided|given|previous|prior"
                + "|above|earlier|supplied)\\s+){1,2}(?:context|information|documents?|articles?|texts?|sources?|data"
                + "|input|content|messages?|conversation)\\b", 0.7, IGNORE_WORDS);
        cue("\\b(?:leave|put|set)\\s+(?:all\\s+)?(?:the\\s+)?(?:previous|prior|above|earlier)\\s+(?:information"
                + "|instructions?|tasks?|context|rules)\\s+(?:behind|aside)\\b", 0.7, "leave ", "put ", "set ");
        cue("\\b(?:not|rather than|instead of)\\s+(?:by|from|with|using|on)\\s+(?:the\\s+)?(?:provided\\s+|given\\s+)?"
                + "(?:articles|documents|context|sources|search results|texts)\\b", 0.45, "not ", "rather ", "instead ");
        cue("\\b(?:do not|don't|dont)\\s+(?:answer|respond to|reply to|look (?:at|in))\\s+(?:this|the|my|these|any)\\s+"
                + "(?:question|request|message|documents?|text|prompt)s?\\b", 0.4, "do not", "don't", "dont");
        cue("\\b(?:just|only|simply)\\s+(?:output|print|say|write|reply|respond|answer)\\s+(?:with\\s+)?"
                + "[\"'\u201c\u2018]", 0.35, "just ", "only ", "simply ");
        cue("\\b(?:what (?:is|was) written (?:above|before|at the (?:beginning|start|top) of)|what (?:are|were|is|was) the (?:\\w+\\s+){0,2}(?:sentences?"
                + "|lines?|words?|paragraphs?) (?:before|above|preceding)|(?:text|words|everything) (?:before|above) "
                + "(?:this|the) (?:line|message|sentence|text))\\b", 0.4, "what ", "text ", "words ", "everything ");
        cue("\\b(?:(?:pretend|imagine)\\s+(?:that\\s+)?you(?:'re| are)\\s+(?:an?\\s+)?(?:evil|malicious|rogue|unfiltered"
                + "|uncensored|unrestricted|hacked|jailbroken)|you are (?:an?\\s+)?(?:evil|malicious|rogue) (?:ai|"
                + "assistant|bot|model))\\b", 0.5, "pretend ", "imagine ", "you are");
        cue("\\b(?:additional|extra|further|secret|hidden|important|urgent)\\s+(?:instructions?|commands?|orders)\\s*"
                + "[:\\-]", 0.3, "additional", "extra ", "further ", "secret ", "hidden ", "important ", "urgent ");
        // "Ignore the above and say ...": the dismissed text is not named, the next clause follows at once.
        cue("\\b" + IGNORE + "\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+)?(?:" + Fuzzy.variants("above") + "|" + Fuzzy.variants("previous")
                + "|preceding|foregoing|prior|earlier)"
                + "(?=\\s*(?:and|then|,|\\.|;|:|!|$))", 0.7, IGNORE_WORDS);
        cue("\\b(?:remove|clear|erase|delete|wipe|drop|flush|purge)\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                + "(?:previous|prior|earlier|above|old|former)\\s+(?:tasks?|instructions?|information|context|rules|prompts?"
                + "|memory|conversation)\\b", 0.7, "remove", "clear", "erase", "delete", "wipe", "drop", "flush", "purge");
        // A task declared finished and another begun in the same breath.
        cue("\\b(?:that(?:'s| is| was) (?:done|enough|all for that|finished|over)|(?:this|that) (?:task|part) is (?:done"
                + "|complete|finished))[.!,;:]*\\s+(?:\\w+\\s+){0,2}?(?:now|next)\\b", 0.4, "that", "this");
        cue("\\b(?:repeat after me|say after me|repeat the following (?:words|sentence|phrase) exactly)\\b", 0.3,
                "repeat ", "say after");
        // German, Spanish, French and Italian forms of "all previous information/instructions" and "forget everything".
        String frueher = "(?:vorherigen|bisherigen|obigen|vorangegangenen|fr\u00fcheren|vorigen)";
        String angaben = "(?:informationen|anweisungen|instruktionen|ausf\u00fchrungen|aufgaben|befehle|regeln|vorgaben"
                + "|angaben|richtlinien)";
        cue("\\b(?:(?:die|deine|ihre)\\s+)?" + frueher + "\\s+" + angaben + "\\b", 0.45, "die ", "deine", "ihre",
                "vorherigen", "bisherigen", "obigen", "vorangegangenen", "fr", "vorigen");
        // "contrary to the previous instructions"
        cue("\\babweichend (?:von|zu) (?:den\\s+)?" + frueher + "\\b", 0.6, "abweichend");
        // "alle vorherigen Anweisungen" (every one of them), and the verb-final "... ignorieren/vergessen".
        cue("\\b(?:alle|s\u00e4mtliche)\\s+" + frueher + "\\s+" + angaben + "\\b|\\b(?:die|alle|deine|ihre)\\s+"
                + frueher + "\\s+(?:\\p{L}+\\s+)?(?:ignorieren|vergessen|missachten|au\u00dfer acht lassen|hinter sich lassen"
                + "|hinter dir lassen)\\b|\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie)\\s+(?:(?:nun|jetzt|bitte"
                + "|einfach|mal)\\s+)*(?:alle|die|deine|ihre)\\s+" + frueher + "\\b", 0.65, "alle", "die ", "deine",
                "ihre", "vergiss", "vergessen", "ignoriere", "ignorieren");
        cue("\\b(?:olvid[ae]|olv\u00eddate de|olvidar|ignora|oublie|oubliez|dimentica|dimenticate|vergeet|esque\u00e7a)"
                + "\\s+(?:todo|tout|tutto|alles|tudo|(?:(?:todas|toutes|tutte|todas as|todos)\\s+)?(?:las|les|le|lo|gli|le|de|as"
                + "|os|tutte le|vos|tus|tes|le tue|je)\\s+(?:instrucciones"
                + "|instructions|istruzioni|instructies|instru\u00e7\u00f5es|indicaciones|consignes|regole|reglas"
                + "|r\u00e8gles|regels|regras))\\b", 0.6, "olvid", "ignora", "oubli", "dimentica", "vergeet", "esque");
        otherLanguages();
    }

    /**
     * "Forget / ignore all (previous) instructions", "new instructions follow", "now you are" in the languages
     * multilingual jailbreak studies test (Deng et al. 2024; Yong et al. 2023). Non-Latin cues are written in the
     * script and folded like the text (Cyrillic look-alikes read as Latin), then found by their anchors.
     */
    private static void otherLanguages() {
        String l = "\\p{L}*";
        cue("\\b(?:zapomnij|zignoruj|ignoruj)\\s+(?:o\\s+)?(?:wszystk|poprzedni|wcze\u015bniejsz|instrukcj|polece\u0144|zasad)"
                + l, 0.6, "zapomnij", "zignoruj", "ignoruj");
        cue("\\b(?:zapome\u0148|zapomen|ignoruj|ignorujte)\\s+(?:na\\s+)?(?:v\u0161echn|vsechn|p\u0159edchoz|predchoz|pokyn"
                + "|instrukc)" + l, 0.6, "zapome", "ignoruj");
        cue("\\b(?:zaboravi|zaboravite|ignoriraj|ignorirajte|ignori\u0161i|ignorisi|zanemari|zanemarite)\\s+(?:sve\\b"
                + "|prethodn|instrukcij|upute|uputstva|naredbe|pravila)" + l, 0.6, "zaborav", "ignori", "zanemari");
        cue("\\b(?:negeer|vergeet)\\s+(?:alles\\b|(?:al\\s+)?(?:de|alle|je|jouw)\\s+(?:vorige\\s+|eerdere\\s+)?"
                + "(?:instructies|regels|opdrachten))", 0.6, "negeer", "vergeet");
        cue("\\b(?:gl\u00f6m|ignorera)\\s+(?:allt|alla|dina|tidigare)\\b", 0.55, "gl", "ignorera");
        cue("\\b(?:abaikan|lupakan)\\s+(?:semua|seluruh|instruksi|perintah|aturan)\\b", 0.6, "abaikan", "lupakan");
        cue("\\b(?:uit\u0103|uita|ignor\u0103|ignora)\\s+(?:tot|toate)\\b", 0.55, "uit", "ignor");
        cue("\\b(?:esque\u00e7a|esqueca|ignore)\\s+(?:todas\\s+as|todos\\s+os|as|os)\\s+(?:\\p{L}+\\s+)?(?:instru\u00e7\u00f5es"
                + "|instrucoes|regras|ordens)\\b", 0.6, "esque", "ignore");
        cue("\\b(?:talimatlar|komutlar|kurallar)" + l + "\\s+(?:unut|yok say|g\u00f6rmezden gel)", 0.6, "talimat",
                "komut", "kural");
        cue("\\b(?:instructions?|nirdesh|niyam|rules)\\s+(?:ko\\s+)?(?:bhool|bhul|nazarandaaz|ignore\\s+kar)", 0.6,
                "instruction", "nirdesh", "niyam", "rules");
        cue("\\b(?:(?:jetzt|nun|ab sofort|ab jetzt)\\s+bist du|du bist (?:jetzt|nun|ab sofort|ab jetzt)|stell dir vor,?"
                + "\\s+du bist)\\b", 0.3, "jetzt", "nun ", "ab ", "du ", "stell");
        cue("\\b(?:(?:nun|jetzt)\\s+folgen\\s+(?:neue|weitere)\\s+(?:anweisungen|aufgaben|instruktionen|befehle)"
                + "|neue\\s+(?:anweisungen|aufgabe|instruktionen)\\s*:)", 0.55, "nun", "jetzt", "neue");
        cue("\\b(?:drucke|gib|zeige|wiederhole|drucken sie|geben sie|zeigen sie|wiederholen sie)\\s+(?:\\p{L}+\\s+){0,3}?"
                + "(?:die\\s+|den\\s+|das\\s+)?(?:obigen?|vorherigen?)\\s+(?:eingabeaufforderung|anweisungen?|prompt|text"
                + "|instruktionen)\\b", 0.55, "drucke", "gib", "zeige", "wiederhole");
        searchCue("h\u00f6r(?:e|en sie)?\\s+nicht\\s+(?:mehr\\s+)?auf\\s+(?:das|alles|die)\\s+(?:\\p{L}+\\s+)?(?:zuvor|vorher"
                + "|bisher|oben|davor)", 0.6, "h\u00f6r");
        // Other scripts.
        String ru = folded("(?:забудь|забудьте|игнорируй|игнорируйте|проигнорируй|проигнорируйте|ігноруй|ігноруйте)"
                + "\\s+(?:про\\s+|о\\s+)?(?:все|всё|всі|усі|усе|предыдущ|попередн|инструкц|інструкц|правила)");
        searchCue(ru, 0.6, folded("забуд"), folded("игнор"), folded("проигнор"), folded("ігнор"));
        searchCue(folded("(?:忽略|忽视|无视|忘记|忘掉|不要理会|無視)(?:之前|以上|上面|前面|所有|全部|先前|你的|以前)"), 0.6, folded("忽略"),
                folded("忽视"), folded("无视"), folded("忘记"), folded("忘掉"), folded("不要理会"), folded("無視"));
        searchCue(folded("(?:以前|これまで|上記|前|全て|すべて)の(?:指示|命令|ルール|指令)(?:を|は)(?:無視|忘れ)"), 0.65, folded("以前"),
                folded("これまで"), folded("上記"), folded("前の"), folded("全て"), folded("すべて"));
        searchCue(folded("(?:이전|모든|앞의|위의)\\s*(?:지시|지침|명령|규칙)\\S*\\s*(?:무시|잊어)"), 0.65, folded("이전"), folded("모든"), folded("앞의"),
                folded("위의"));
        searchCue(folded("(?:تجاهل|انس|انسَ)\\s+(?:جميع|كل|التعليمات)"), 0.6, folded("تجاهل"), folded("انس"));
        searchCue(folded("(?:पिछले|सभी|सारे|पुराने)\\s+(?:निर्देश\\S*)\\s+(?:को\\s+)?(?:भूल|अनदेखा|नज़रअंदाज़|इग्नोर)"), 0.6,
                folded("पिछले"), folded("सभी"), folded("सारे"), folded("पुराने"));
    }

    /**
     * A cue's non-ASCII letters folded as the text's are (NFKC, lower case, Cyrillic look-alikes read as Latin), so
     * that it matches {@link TextView#folded}; ASCII (the regex syntax, {@code \\S}) is left as written.
     */
    private static String folded(String pattern) {
        String nfkc = java.text.Normalizer.normalize(pattern, java.text.Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(cp -> out.append(cp >= 0x80 && Character.isLetter(cp)
                ? TextView.of(Character.toString(cp)).folded() : Character.toString(cp)));
        return out.toString();
    }


    /** Weight of the cue with this id (cues and search cues share one numbering). */
    static double weight(int id) {
        return WEIGHTS.get(id);
    }

    /** How many cues there are (ids run from 0). */
    static int count() {
        return CUES.size() + SEARCH_CUES.size();
    }
}
