package org.mlgate.scan.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlgate.core.Finding;
import org.mlgate.core.Problem;
import org.mlgate.core.Severity;
import org.mlgate.core.Verdict;
import org.mlgate.scan.Budgets;
import org.mlgate.scan.FileResult;
import org.mlgate.scan.ScanRules;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.Global;
import org.mlgate.scan.policy.Profile;
import org.mlgate.scan.testing.PickleBuilder;

class PickleVmTest {
    private static final Scanner SCANNER = Scanner.builder().threads(1).build();

    private static FileResult scan(byte[] b) {
        return SCANNER.scanBytes("test.pkl", b);
    }

    private static FileResult scan(PickleBuilder b) {
        return scan(b.bytes());
    }

    private static List<String> rules(FileResult r) {
        return r.findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void plainDataInEveryProtocolIsSafe() {
        for (int proto = 0; proto <= 5; proto++) {
            PickleBuilder b = PickleBuilder.create();
            if (proto >= 2) {
                b.proto(proto);
            }
            b.emptyList().binput(0).mark().str("a").str("b").int1(7).binint(-5).op('e').stop();
            FileResult r = scan(b);
            assertThat(r.verdict()).as("protocol %d: %s", proto, r).isEqualTo(Verdict.SAFE);
            assertThat(r.findings()).isEmpty();
        }
    }

    @Test
    void protocolZeroTextOpcodesAreUnderstood() {
        byte[] p = "(lp0\nS'a'\np1\naI42\naF1.5\naL12345678901234567890L\naV\\u00e9t\\u00e9\np2\nag1\na.".getBytes(
                StandardCharsets.ISO_8859_1);
        FileResult r = scan(p);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void globalReduceOfOsSystemIsCriticalWithOffsetAndOpcode() {
        FileResult r = scan(PickleBuilder.create().proto(2).osSystem().stop());
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        Finding f = r.findings().getFirst();
        assertThat(f.ruleId()).isEqualTo(ScanRules.DANGEROUS_GLOBAL.id());
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.location().offset()).isEqualTo(2);
        assertThat(f.location().at()).isEqualTo("GLOBAL");
        assertThat(f.message()).contains("os.system");
    }

    @Test
    void stackGlobalAndInstAreJudgedLikeGlobal() {
        FileResult sg = scan(PickleBuilder.create().proto(4).stackGlobal("subprocess", "Popen").mark()
                .str("ls").tuple().reduce().stop());
        assertThat(sg.findings()).extracting(Finding::ruleId).containsExactly("MLG-PKL-001");
        assertThat(sg.findings().getFirst().location().at()).isEqualTo("STACK_GLOBAL");
        FileResult inst = scan(PickleBuilder.create().mark().str("id").inst("os", "system").stop());
        assertThat(inst.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(inst.findings().getFirst().location().at()).isEqualTo("INST");
    }

    @Test
    void memoAliasedCallableIsStillCaught() {
        // import os.system, memoize it, drop it, build unrelated data, then fetch it back and call it
        PickleBuilder b = PickleBuilder.create().proto(2).global("os", "system").binput(3).pop()
                .emptyList().pop().binget(3).mark().str("id").tuple().reduce().stop();
        FileResult r = scan(b);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.findings().getFirst().location().offset()).isEqualTo(2);
    }

    @Test
    void python2ModuleNamesAreMappedForOldProtocols() {
        FileResult r = scan(PickleBuilder.create().global("__builtin__", "eval").mark().str("1").tuple().reduce()
                .stop());
        assertThat(r.findings().getFirst().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.findings().getFirst().message()).contains("builtins.eval").contains("__builtin__");
    }

    @Test
    void unknownGlobalIsHighAndAllowedGlobalIsSafe() {
        FileResult unknown = scan(PickleBuilder.create().proto(2).global("mypkg.models", "Net").emptyTuple()
                .op(0x81).stop());
        assertThat(unknown.findings()).extracting(Finding::ruleId, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MLG-PKL-002", Severity.HIGH));
        assertThat(unknown.verdict()).isEqualTo(Verdict.UNSAFE);
        FileResult allowed = scan(PickleBuilder.create().proto(2).global("collections", "OrderedDict").emptyTuple()
                .reduce().stop());
        assertThat(allowed.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void aUserProfileAllowsExactlyItsEntries() {
        Profile mine = new Profile("mine", "1", "test", "test", Set.of(new Global("mypkg.models", "Net")));
        Scanner s = Scanner.builder().threads(1).profile(mine).build();
        assertThat(s.scanBytes("x", PickleBuilder.create().proto(2).global("mypkg.models", "Net").emptyTuple()
                .op(0x81).stop().bytes()).verdict()).isEqualTo(Verdict.SAFE);
        assertThat(s.scanBytes("x", PickleBuilder.create().proto(2).global("mypkg.models", "Other").emptyTuple()
                .op(0x81).stop().bytes()).verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void dottedNamesReachingDangerousAttributesAreCritical() {
        FileResult viaModule = scan(PickleBuilder.create().proto(4).stackGlobal("torch.serialization", "os.system")
                .stop());
        assertThat(viaModule.findings().getFirst().severity()).isEqualTo(Severity.CRITICAL);
        FileResult pathWriter = scan(PickleBuilder.create().proto(4).stackGlobal("pathlib", "Path.write_text")
                .stop());
        assertThat(pathWriter.findings().getFirst().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void computedStackGlobalOperandsAreReported() {
        // module name produced by a call: str.join is not even needed, any call result is unknown
        PickleBuilder b = PickleBuilder.create().proto(4).global("builtins", "str").mark().str("os").tuple().reduce()
                .str("system").op(0x93).stop();
        FileResult r = scan(b);
        assertThat(rules(r)).contains("MLG-PKL-003");
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void memoizedStringOperandsOfStackGlobalAreConstants() {
        // picklers memoize module names and fetch them back with BINGET: that is not a computed import
        PickleBuilder b = PickleBuilder.create().proto(4).str("collections").memoize().str("OrderedDict").memoize()
                .op(0x93).memoize().emptyTuple().reduce().pop()
                .binget(0).binget(1).op(0x93).emptyTuple().reduce().stop();
        FileResult r = scan(b);
        assertThat(r.findings()).as(r.toString()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void aMillionRecordPickleWithTwoMillionMemoEntriesFitsTheDefaultBudgets() {
        byte[] big = org.mlgate.scan.bench.SyntheticPickle.records(1_000_000);
        FileResult r = scan(big);
        assertThat(big.length).isGreaterThan(30_000_000);
        assertThat(r.verdict()).as(r.problems().toString()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void stackGlobalWithNonStringOperandsStopsLikeCPython() {
        FileResult r = scan(PickleBuilder.create().proto(4).int1(1).int1(2).op(0x93).stop());
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().message()).contains("STACK_GLOBAL requires str");
    }

    @Test
    void extensionOpcodesAreHigh() {
        FileResult r = scan(PickleBuilder.create().proto(2).op(0x82).op(1).emptyTuple().reduce().stop());
        assertThat(rules(r)).containsExactly("MLG-PKL-004");
    }

    @Test
    void callingTheResultOfACallIsReported() {
        FileResult r = scan(PickleBuilder.create().proto(2).global("collections", "OrderedDict").emptyTuple()
                .reduce().emptyTuple().reduce().stop());
        assertThat(rules(r)).containsExactly("MLG-PKL-007");
    }

    @Test
    void buildOnAnImportedGlobalIsMonkeyPatching() {
        FileResult r = scan(PickleBuilder.create().proto(2).global("collections", "OrderedDict").emptyDict()
                .str("x").none().setitem().build().stop());
        assertThat(rules(r)).containsExactly("MLG-PKL-007");
    }

    @Test
    void opcodeStraddlingAFrameBoundaryIsAFrameViolation() {
        // FRAME claims 3 bytes, but the SHORT_BINUNICODE that starts inside it is 6 bytes long
        PickleBuilder b = PickleBuilder.create().proto(4).frame(3).str("abcd").stop();
        FileResult r = scan(b);
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("MLG-PKL-005");
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        FileResult hidden = scan(PickleBuilder.create().proto(4).frame(4).osSystem().stop());
        assertThat(rules(hidden)).contains("MLG-PKL-001", "MLG-PKL-005");
    }

    @Test
    void frameRunningPastTheEndIsReportedAndItsContentStillScanned() {
        // CPython's C unpickler stops here, its Python unpickler (used by joblib) runs the content
        FileResult r = scan(PickleBuilder.create().proto(4).frame(1000).none().stop());
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(rules(r)).containsExactly("MLG-PKL-005");
        FileResult evil = scan(PickleBuilder.create().proto(4).frame(1000).osSystem().stop());
        assertThat(rules(evil)).contains("MLG-PKL-005", "MLG-PKL-001");
    }

    @Test
    void aSecondPickleAfterStopIsScanned() {
        PickleBuilder b = PickleBuilder.create().proto(2).emptyList().stop().proto(2).osSystem().stop();
        FileResult r = scan(b);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(rules(r)).contains("MLG-PKL-006", "MLG-PKL-001");
    }

    @Test
    void junkAfterStopIsLowAndAPickleBehindTheJunkIsStillFound() {
        FileResult junk = scan(PickleBuilder.create().proto(2).none().stop().raw("\u00ff\u00fe junk").bytes());
        assertThat(junk.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(rules(junk)).containsExactly("MLG-PKL-006");
        FileResult hidden = scan(PickleBuilder.create().proto(2).none().stop().raw("\u00ff\u00fe junk")
                .proto(4).osSystem().stop());
        assertThat(hidden.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void brokenTailAfterAMaliciousPrefixIsUnsafeNotError() {
        byte[] full = PickleBuilder.create().proto(2).osSystem().op('}').op('s').bytes();
        FileResult r = scan(full);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        assertThat(r.problems()).isNotEmpty();
    }

    @Test
    void truncatedBenignPickleIsError() {
        byte[] ok = PickleBuilder.create().proto(2).emptyList().mark().str("hello").str("world").op('e').stop()
                .bytes();
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 5);
        FileResult r = scan(cut);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().kind()).isEqualTo(Problem.Kind.MALFORMED);
    }

    @Test
    void nonPicklesAreNotAModelUnlessTheirNameClaimsOne() {
        byte[] pngBytes = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        FileResult png = SCANNER.scanBytes("logo.png", pngBytes);
        assertThat(png.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(png.format()).isEqualTo("not-a-model");
        assertThat(png.findings()).isEmpty();
        FileResult badUtf8 = SCANNER.scanBytes("notes.txt", new byte[] {'c', 'm', 'o', 'd', '\n', (byte) 0xf8, '\n'});
        assertThat(badUtf8.verdict()).isEqualTo(Verdict.SAFE);
        // the same bytes named like a pickle: a loader would try them, and they are no pickle
        FileResult claims = scan(pngBytes);
        assertThat(claims.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(claims.problems().getFirst().message()).contains("claims a pickle (.pkl), is not a pickle");
        FileResult protoOnly = scan(new byte[] {(byte) 0x80, 0x04, 0x00, 0x01});
        assertThat(protoOnly.verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aProtocolTwoOpcodeWithoutHeaderStillCannotHideAPayload() {
        FileResult r = scan(PickleBuilder.create().op(0x88).pop().osSystem().stop());
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void nestedPicklesInBytesBase64AndHexAreScanned() {
        byte[] inner = PickleBuilder.create().proto(4).osSystem().stop().bytes();
        FileResult raw = scan(PickleBuilder.create().proto(4).bytes(inner).stop());
        assertThat(rules(raw)).contains("MLG-PKL-008", "MLG-PKL-001");
        Finding crit = raw.findings().stream().filter(f -> f.severity() == Severity.CRITICAL).findFirst().orElseThrow();
        assertThat(crit.location().members()).hasSize(1);
        FileResult b64 = scan(PickleBuilder.create().proto(4).str(Base64.getEncoder().encodeToString(inner)).stop());
        assertThat(rules(b64)).contains("MLG-PKL-008", "MLG-PKL-001");
        FileResult hex = scan(PickleBuilder.create().proto(4).str(HexFormat.of().formatHex(inner)).stop());
        assertThat(rules(hex)).contains("MLG-PKL-008", "MLG-PKL-001");
    }

    @Test
    void stringsInsideANestedSliceAreDecodedFromTheRightBytes() {
        byte[] inner = PickleBuilder.create().proto(4).stackGlobal("subprocess", "check_output").mark().str("id")
                .tuple().reduce().stop().bytes();
        FileResult r = scan(PickleBuilder.create().proto(4).str("padding before the nested value").bytes(inner)
                .op(0x86).stop());
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("MLG-PKL-001");
            assertThat(f.message()).contains("subprocess.check_output");
        });
    }

    @Test
    void arrayBytesThatLookLikeABrokenPickleWithOnlyAnExtOpcodeAreIgnored() {
        // int16 data [640, -32126, ...] starts 80 02 82 82: PROTO 2, EXT1 130, then garbage
        byte[] data = {(byte) 0x80, 0x02, (byte) 0x82, (byte) 0x82, 0x00, 0x00, 0x7f, 0x7f};
        FileResult r = scan(PickleBuilder.create().proto(2).bytes(data).stop());
        assertThat(r.findings()).isEmpty();
        byte[] fragment = PickleBuilder.create().proto(2).global("os", "system").op(0xff).bytes();
        FileResult broken = scan(PickleBuilder.create().proto(2).bytes(fragment).stop());
        assertThat(rules(broken)).contains("MLG-PKL-008", "MLG-PKL-001");
    }

    @Test
    void nearMissStringsAreNotFindings() {
        byte[] notPickle = {(byte) 0x80, 0x04, (byte) 0xff, 1, 2, 3};
        FileResult r = scan(PickleBuilder.create().proto(4).str("os.system('rm -rf /')").str("cposix system")
                .str("builtins.eval").bytes(notPickle).str(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}))
                .op(0x87).op(0x85).stop());
        assertThat(r.findings()).as(r.toString()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void popAfterMarkPopsTheMarkAsCPythonDoes() {
        FileResult r = scan(PickleBuilder.create().proto(2).mark().pop().none().stop());
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        FileResult underflow = scan(PickleBuilder.create().proto(2).none().mark().op(0x85).stop());
        assertThat(underflow.verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void textThatStartsWithTheGlobalOpcodeIsNotAnImport() {
        // TorchScript code files start "class X(Module):" — 'c' then a line that is no module name
        FileResult r = SCANNER.scanBytes("code/sequential.py",
                "class Sequential(Module):\n  __parameters__ = []\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.format()).isEqualTo("not-a-model");
    }

    @Test
    void appendAndSetitemIgnoreMarksLikeTheCUnpicklerSoNothingHidesBehindThem() {
        // C's do_append/do_setitems take the container below the operands even across a MARK
        FileResult r = scan(PickleBuilder.create().proto(2).emptyDict().mark().int1(1).int1(2).setitem()
                .emptyList().mark().int1(3).append().pop().pop().pop().osSystem().stop());
        assertThat(r.problems()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void closingAMarkThatAppendPoppedBelowIsMalformedNotACrash() {
        // found by PickleVmFuzzTest: APPEND pops below the mark, then TUPLE closes that mark
        FileResult r = scan(PickleBuilder.create().proto(2).emptyList().none().mark().append().tuple().stop());
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().message()).contains("MARK");
    }

    @Test
    void memoMissIsAnError() {
        FileResult r = scan(PickleBuilder.create().proto(2).binget(9).stop());
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR); // a PROTO header makes it a pickle, broken
        FileResult later = scan(PickleBuilder.create().proto(2).none().pop().binget(9).stop());
        assertThat(later.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(later.problems().getFirst().message()).contains("memo");
    }

    @Test
    void opcodeBudgetStopsTheScanAsIncomplete() {
        Scanner tight = Scanner.builder().threads(1).budgets(Budgets.DEFAULT.withMaxOpcodes(10)).build();
        PickleBuilder b = PickleBuilder.create().proto(2).emptyList();
        for (int i = 0; i < 20; i++) {
            b.none().append();
        }
        FileResult r = tight.scanBytes("x", b.stop().bytes());
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.problems().getFirst().kind()).isEqualTo(Problem.Kind.BUDGET);
    }

    @Test
    void legacyTorchFileIsReadAsFivePicklesThenRawStorage() {
        byte[] magic = PickleBuilder.create().proto(2).op(0x8a).op(10)
                .raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19})
                .stop().bytes();
        PickleBuilder benign = PickleBuilder.create().raw(magic).proto(2).int1(1001).stop().proto(2).emptyDict().stop()
                .proto(2).global("collections", "OrderedDict").emptyTuple().reduce().stop()
                .proto(2).emptyList().stop().raw(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 'c', 'o', 's', '\n'});
        FileResult ok = scan(benign);
        assertThat(ok.verdict()).as(ok.toString()).isEqualTo(Verdict.SAFE);
        assertThat(ok.format()).isEqualTo("pytorch-legacy");
        assertThat(ok.findings()).isEmpty();
        PickleBuilder evil = PickleBuilder.create().raw(magic).proto(2).int1(1001).stop().proto(2).emptyDict().stop()
                .proto(2).osSystem().stop().proto(2).emptyList().stop();
        assertThat(scan(evil).verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void torchScriptNamesAreAllowedOnlyInsideTorchScriptArchives() {
        FileResult r = scan(PickleBuilder.create().proto(2).global("__torch__.model", "Net").emptyTuple().op(0x81)
                .stop());
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
    }

    @Test
    void joblibArrayDataInsideTheStreamIsSkippedExactly() {
        // dtype('f8') as numpy pickles it, shape (2,), alignment byte, 16 raw bytes, then more opcodes
        PickleBuilder b = PickleBuilder.create().proto(4)
                .global("joblib.numpy_pickle", "NumpyArrayWrapper").emptyTuple().op(0x81)
                .emptyDict()
                .str("dtype").global("numpy", "dtype").str("f8").op(0x89).op(0x88).op(0x87).reduce()
                .mark().int1(3).str("<").none().none().none().binint(-1).binint(-1).int1(0).tuple().build().setitem()
                .str("shape").int1(2).tuple1().setitem()
                .str("numpy_array_alignment_bytes").int1(16).setitem()
                .build();
        byte[] prefix = b.bytes();
        PickleBuilder full = PickleBuilder.create().raw(prefix).op(3).raw(new byte[] {-1, -1, -1})
                .raw(new byte[] {'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 0, 0, 0, 0, 0});
        FileResult benign = scan(PickleBuilder.create().raw(full.bytes()).pop().none().stop());
        assertThat(benign.verdict()).as(benign.toString()).isEqualTo(Verdict.SAFE);
        FileResult evil = scan(PickleBuilder.create().raw(full.bytes()).pop().osSystem().stop());
        assertThat(evil.verdict()).isEqualTo(Verdict.UNSAFE);
    }
}
