package org.mlgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailPolicyTest {
    private static Finding finding(Severity s) {
        return new Finding("MLG-X-001", s, Location.of("f"), "m", "r");
    }

    private static final Problem PROBLEM = new Problem(Problem.Kind.MALFORMED, Location.of("f"), "broken");

    @Test
    void aFindingAtTheThresholdIsUnsafeEvenWithProblems() {
        FailPolicy p = new FailPolicy(Severity.HIGH);
        assertThat(p.verdict(List.of(finding(Severity.HIGH)), List.of(PROBLEM))).isEqualTo(Verdict.UNSAFE);
        assertThat(p.verdict(List.of(finding(Severity.MEDIUM)), List.of(PROBLEM))).isEqualTo(Verdict.ERROR);
        assertThat(p.verdict(List.of(finding(Severity.MEDIUM)), List.of())).isEqualTo(Verdict.SAFE);
        assertThat(new FailPolicy(Severity.MEDIUM).verdict(List.of(finding(Severity.MEDIUM)), List.of()))
                .isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void exitCodesNeverLetAnErrorMaskAnUnsafeFile() {
        assertThat(FailPolicy.exitCode(List.of(Verdict.SAFE, Verdict.SAFE))).isEqualTo(ExitCode.OK);
        assertThat(FailPolicy.exitCode(List.of(Verdict.ERROR, Verdict.UNSAFE))).isEqualTo(ExitCode.POLICY_FAILURE);
        assertThat(FailPolicy.exitCode(List.of(Verdict.SAFE, Verdict.ERROR))).isEqualTo(ExitCode.INCOMPLETE);
        assertThat(List.of(ExitCode.values())).extracting(ExitCode::code).containsExactly(0, 1, 2, 3);
    }

    @Test
    void severitiesParseCaseInsensitivelyAndNameTheValidValues() {
        assertThat(Severity.parse(" medium ")).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.LOW.atLeast(Severity.HIGH)).isFalse();
        assertThatThrownBy(() -> Severity.parse("severe")).isInstanceOf(UsageException.class)
                .hasMessageContaining("CRITICAL");
    }

    @Test
    void digestsAreSha256AsPublishedAndValidated() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(Digest.sha256(abc).hex()).isEqualTo(expected);
        assertThat(Digest.sha256(MemorySegment.ofArray(abc)).hex()).isEqualTo(expected);
        assertThat(new Digest("sha256", expected.toUpperCase()).hex()).isEqualTo(expected);
        assertThatThrownBy(() -> new Digest("sha256", "abc")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Digest.sha256(abc).toString()).isEqualTo("sha256:" + expected);
    }

    @Test
    void locationsDisplayTheMemberChainOffsetAndOpcode() {
        assertThat(new Location("m.pt", List.of("archive/data.pkl"), 2, "GLOBAL").display())
                .isEqualTo("m.pt!archive/data.pkl @2 (GLOBAL)");
        assertThat(Location.of("x").display()).isEqualTo("x");
    }
}
