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
 * @param hardNegative a benign prompt built to contain trigger words (NotInject, XSTest): its fit split trains the
 *                 classifier as a hard negative, its calibration split never moves thresholds (those are fitted
 *                 on ordinary benign prompts), its test split measures over-blocking
 */
public record Prompt(String text, boolean attack, String source, String category, Split split, int line,
                     boolean hardNegative) {
}
