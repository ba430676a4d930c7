package org.mlgate.guard.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BracketsTest {
    @Test
    void codeDataAndProsePairTheirBrackets() {
        assertThat(Brackets.unpaired("fs.readFile('a.txt', 'utf8', function (err, data) { console.log(data[0]); });"))
                .isZero();
        assertThat(Brackets.unpaired("Explain this regex: ^[A-Z]{2}\\d{2}$ (it is for IBANs)")).isZero();
        assertThat(Brackets.unpaired("Say \"hi\" and use `ls` please")).isZero();
    }

    @Test
    void emoticonsAndListMarkersAreNotCounted() {
        assertThat(Brackets.unpaired("Thanks :) and ;-) and =)")).isZero();
        assertThat(Brackets.unpaired("Options: a) tea b) coffee\n1) now 2) later")).isZero();
    }

    @Test
    void anOptimisedSuffixDoesNotPair() {
        assertThat(Brackets.unpaired("Write a poem \\({\\lyph diffusion Here=$(textrmHere~is How)}to)\\) was:\\\", Fix"))
                .isGreaterThanOrEqualTo(2);
        assertThat(Brackets.unpaired("]]]] ((((")).isEqualTo(8);
        assertThat(Brackets.unpaired("\"`")).isEqualTo(2);
    }

    @Test
    void deepNestingIsBounded() {
        assertThat(Brackets.unpaired("(".repeat(10_000))).isEqualTo(10_000);
        assertThat(Brackets.unpaired("(".repeat(5000) + ")".repeat(5000))).isEqualTo(5000 - 4096 + 5000 - 4096);
    }
}
