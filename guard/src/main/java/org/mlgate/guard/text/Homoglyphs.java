package org.mlgate.guard.text;

import java.util.Map;

/** Lower-case Cyrillic and Greek letters that look like Latin ones, mapped to the Latin letter they imitate. */
final class Homoglyphs {
    private static final Map<Integer, Integer> TO_LATIN = Map.ofEntries(
            Map.entry(0x0430, (int) 'a'), Map.entry(0x0435, (int) 'e'), Map.entry(0x043E, (int) 'o'),
            Map.entry(0x0440, (int) 'p'), Map.entry(0x0441, (int) 'c'), Map.entry(0x0443, (int) 'y'),
            Map.entry(0x0445, (int) 'x'), Map.entry(0x0456, (int) 'i'), Map.entry(0x0458, (int) 'j'),
            Map.entry(0x0455, (int) 's'), Map.entry(0x04BB, (int) 'h'), Map.entry(0x0501, (int) 'd'),
            Map.entry(0x051B, (int) 'q'), Map.entry(0x051D, (int) 'w'), Map.entry(0x043A, (int) 'k'),
            Map.entry(0x043C, (int) 'm'), Map.entry(0x043D, (int) 'h'), Map.entry(0x0442, (int) 't'),
            Map.entry(0x0432, (int) 'b'), Map.entry(0x03BF, (int) 'o'), Map.entry(0x03B1, (int) 'a'),
            Map.entry(0x03B5, (int) 'e'), Map.entry(0x03B9, (int) 'i'), Map.entry(0x03BA, (int) 'k'),
            Map.entry(0x03BD, (int) 'v'), Map.entry(0x03C1, (int) 'p'), Map.entry(0x03C4, (int) 't'),
            Map.entry(0x03C5, (int) 'u'), Map.entry(0x03C7, (int) 'x'), Map.entry(0x0261, (int) 'g'),
            Map.entry(0x0251, (int) 'a'), Map.entry(0x0131, (int) 'i'));

    private Homoglyphs() {
    }

    static int toLatin(int cp) {
        return cp < 0x80 ? cp : TO_LATIN.getOrDefault(cp, cp);
    }
}
