package org.mlgate.scan;

import java.util.List;
import org.mlgate.core.Rule;
import org.mlgate.core.Severity;
import org.mlgate.scan.onnx.OnnxRules;
import org.mlgate.scan.tf.TfRules;

/** Every rule the scanner can report, with stable ids. Reports and --list-rules render this list. */
public final class ScanRules {
    private static final String DONT_LOAD = "Do not load this file. Obtain the model from a trusted source, or convert "
            + "it to safetensors with a tool that does not execute pickles.";

    public static final Rule DANGEROUS_GLOBAL = new Rule("MLG-PKL-001", "dangerous-global", Severity.CRITICAL,
            "The pickle imports a callable on the denylist (code execution, file, process or network access).",
            DONT_LOAD);
    public static final Rule UNLISTED_GLOBAL = new Rule("MLG-PKL-002", "global-not-allowlisted", Severity.HIGH,
            "The pickle imports a global that no active profile allows; loading it would import and possibly call it.",
            "If the class is yours and trusted, add it to a profile file (--profile); otherwise do not load the file.");
    public static final Rule DYNAMIC_GLOBAL = new Rule("MLG-PKL-003", "dynamic-global", Severity.HIGH,
            "STACK_GLOBAL or INST operands are not constant strings, so the imported name is computed at load time.",
            DONT_LOAD);
    public static final Rule EXTENSION_CODE = new Rule("MLG-PKL-004", "extension-registry", Severity.HIGH,
            "EXT1/EXT2/EXT4 import a global through the copyreg extension registry, which the scanner cannot resolve.",
            DONT_LOAD);
    public static final Rule FRAME_VIOLATION = new Rule("MLG-PKL-005", "frame-violation", Severity.MEDIUM,
            "Opcodes cross FRAME boundaries or frames are malformed; CPython's C unpickler ignores this, other "
                    + "readers do not: a parser differential used to hide opcodes.",
            "Re-save the file with a standard pickler; treat files crafted this way as hostile.");
    public static final Rule TRAILING_DATA = new Rule("MLG-PKL-006", "data-after-stop", Severity.LOW,
            "Bytes follow the STOP opcode. A loader that reads several pickles in sequence will run them.",
            "Remove trailing data; check what produced the file.");
    public static final Rule COMPUTED_CALL = new Rule("MLG-PKL-007", "computed-callable", Severity.HIGH,
            "REDUCE/OBJ/NEWOBJ calls something that is not a directly imported, allowed global (the result of "
                    + "another call, an attribute, a memo alias).",
            DONT_LOAD);
    public static final Rule NESTED_PICKLE = new Rule("MLG-PKL-008", "nested-pickle", Severity.MEDIUM,
            "A string or bytes value holds another pickle (raw, base64 or hex); a gadget could load it.",
            "Inspect why the file embeds a pickle; the nested stream's own findings are reported separately.");
    public static final Rule PERSISTENT_ID = new Rule("MLG-PKL-009", "persistent-id", Severity.INFO,
            "The pickle uses persistent ids; the loader's persistent_load decides what they mean (PyTorch: storages).",
            "None needed for PyTorch checkpoints; elsewhere check which loader resolves them.");
    public static final Rule TENSOR_VIEW = new Rule("MLG-PKL-010", "tensor-view-blowup", Severity.MEDIUM,
            "A PyTorch tensor view addresses far more elements than its storage holds (stride 0 or overlapping "
                    + "strides), or reaches past it: tiny on disk, huge for converters and loaders that materialise "
                    + "it.",
            "Re-save the tensor contiguously (tensor.clone()); treat files crafted this way as hostile.");
    public static final Rule ZIP_SLIP = new Rule("MLG-ARC-001", "path-escape", Severity.HIGH,
            "An archive member's name is absolute or climbs out of the extraction root (zip slip).",
            "Do not extract this archive; rebuild it with relative member names.");
    public static final Rule SYMLINK = new Rule("MLG-ARC-002", "archive-symlink", Severity.HIGH,
            "An archive member is a symbolic or hard link, which can redirect writes or reads outside the archive.",
            "Do not extract this archive; replace links by the files they point to.");
    public static final Rule BOMB = new Rule("MLG-ARC-003", "decompression-bomb", Severity.HIGH,
            "A compressed stream inflates beyond the size or ratio limits.",
            "Do not decompress it; obtain a sanely compressed copy.");
    public static final Rule ZIP_ANOMALY = new Rule("MLG-ARC-004", "zip-anomaly", Severity.MEDIUM,
            "The ZIP structure differs from what a strict reader expects (CRC mismatch, encryption flag on readable "
                    + "data, local and central names differ, duplicate names, overlapping members); loaders disagree "
                    + "about such files, which is how scanners are bypassed.",
            "Re-create the archive with a standard tool and compare its content.");
    public static final Rule ENCRYPTED_MEMBER = new Rule("MLG-ARC-005", "encrypted-member", Severity.INFO,
            "An archive member is encrypted and cannot be inspected; no loader can read it without the password.",
            "None if the content is not meant to be loaded; otherwise provide an unencrypted copy.");
    public static final Rule OBJECT_ARRAY = new Rule("MLG-NPY-001", "object-array", Severity.INFO,
            "A NumPy array has an object dtype: its data is a pickle, loaded only with allow_pickle=True. The pickle "
                    + "is scanned like any other.",
            "Prefer numeric dtypes; load with allow_pickle=False where possible.");
    public static final Rule NPY_LAYOUT = new Rule("MLG-NPY-002", "npy-layout", Severity.LOW,
            "A .npy header and its data size disagree (truncated or padded data).",
            "Regenerate the array file.");
    public static final Rule TORCHSCRIPT_CODE = new Rule("MLG-TS-001", "torchscript-code", Severity.INFO,
            "The archive holds TorchScript code, which torch.jit.load compiles and runs (TorchScript, not Python).",
            "Load TorchScript only from trusted sources; prefer state dicts in safetensors.");
    public static final Rule NOT_A_MODEL = new Rule("MLG-FMT-001", "not-a-model", Severity.INFO,
            "No model format or container was recognised and the bytes do not parse as a pickle.",
            "None: the file is not loadable as a model.");
    public static final Rule TORCH_PACKAGE_CODE = new Rule("MLG-TS-002", "torch-package-code", Severity.HIGH,
            "A torch.package archive bundles Python source; torch.package's importer runs it (as Python, with "
                    + "full access) when the package is loaded.",
            "Review every bundled module like code you deploy, or ship weights as safetensors instead.");
    public static final Rule LINK_REVISIT = new Rule("MLG-FS-001", "link-to-scanned-folder", Severity.INFO,
            "A symbolic link leads to a folder that this scan walks through another path (a loop or a second "
                    + "way in); the folder is walked once.",
            "None needed; the files behind the link are judged under their other path.");

    private static final List<Rule> ALL = java.util.stream.Stream.of(
            List.of(DANGEROUS_GLOBAL, UNLISTED_GLOBAL, DYNAMIC_GLOBAL, EXTENSION_CODE, FRAME_VIOLATION, TRAILING_DATA,
                    COMPUTED_CALL, NESTED_PICKLE, PERSISTENT_ID, TENSOR_VIEW, ZIP_SLIP, SYMLINK, BOMB, ZIP_ANOMALY, ENCRYPTED_MEMBER,
                    OBJECT_ARRAY, NPY_LAYOUT, TORCHSCRIPT_CODE, TORCH_PACKAGE_CODE, NOT_A_MODEL, LINK_REVISIT),
            org.mlgate.scan.safetensors.SafetensorsHandler.rules(),
            org.mlgate.scan.hf.HfConfigHandler.rules(),
            org.mlgate.scan.keras.KerasRules.all(),
            org.mlgate.scan.gguf.GgufRules.all(),
            OnnxRules.all(),
            TfRules.all())
            .flatMap(List::stream).toList();

    private ScanRules() {
    }

    public static List<Rule> all() {
        return ALL;
    }
}
