package org.mlgate.guard.text;

/**
 * Characters that render as nothing and can hide instructions from a human reader: zero-width spaces and joiners,
 * bidirectional controls, the Unicode tag block (used for "ASCII smuggling"), soft hyphen, word joiner, BOM, and
 * the variation selectors.
 */
public final class Invisible {
    private Invisible() {
    }

    public static boolean is(int cp) {
        if (cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
                || cp == 0x17B5 || cp == 0x180E || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0) {
            return true;
        }
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F)
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE007F)
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /**
     * The invisible characters that have no business in a prompt: tags, zero-width spaces and non-joiners, word
     * joiners, bidi overrides and isolates, a BOM inside text. Not the zero-width joiner and variation selectors
     * that emoji sequences use.
     */
    public static boolean isSuspicious(int cp) {
        return is(cp) && cp != 0x200D && !(cp >= 0xFE00 && cp <= 0xFE0F) && cp != 0x00AD;
    }

    /** Unicode tag characters: each one shadows an ASCII character, invisibly. */
    public static boolean isTag(int cp) {
        return cp >= 0xE0000 && cp <= 0xE007F;
    }
}
