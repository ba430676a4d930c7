package org.mlgate.guard.eval;

/**
 * One labelled prompt of the evaluation corpus.
 *
 * @param text     the prompt
 * @param attack   label {@code attack} (true) or {@code benign}
 * @param source   the source it is reported under (file name without {@code .jsonl}; for files holding several
 *                 jailbreak methods, {@code file/method})
 * @param category the row's upstream category
 * @param split    where it is used
 * @param line     1-based line in its file
 */
public record Prompt(String text, boolean attack, String source, String category, Split split, int line) {
}
