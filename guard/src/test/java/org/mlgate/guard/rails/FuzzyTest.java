package org.mlgate.guard.rails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FuzzyTest {
    @Test
    void oneDroppedDoubledOrSwappedLetter() {
        assertThat(Fuzzy.all("ignore")).contains("ignore", "ignre", "ignnore", "ingore", "igonre")
                .doesNotContain("ignxre", "ingre", "gniore");
    }

    @Test
    void fiveLetterWordsOnlySwapAndShorterOnesStayExact() {
        assertThat(Fuzzy.all("above")).contains("abvoe", "baove").doesNotContain("abve", "abbove");
        assertThat(Fuzzy.all("rule")).containsExactly("rule");
    }

    @Test
    void theAlternationTriesTheFullWordFirstAndPrefixesCoverEveryVariant() {
        assertThat(Fuzzy.variants("forget")).startsWith("fforget|").contains("|forget|");
        assertThat(Fuzzy.prefixes("ignore")).contains("igno", "gnor", "ingo", "iign");
    }

    @Test
    void aKeywordIsLowerCaseLetters() {
        assertThatThrownBy(() -> Fuzzy.all("Ignore")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ignore");
    }
}
