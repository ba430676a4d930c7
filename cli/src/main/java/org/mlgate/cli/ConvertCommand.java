package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.convert.Checkpoints;
import org.mlgate.convert.ConversionLimits;
import org.mlgate.convert.ConversionProvenance;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.DistinctPaths;
import org.mlgate.convert.ConversionRefused;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.scan.Scanner;
import org.mlgate.scan.policy.ProfileFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Thin front end over {@link Checkpoints#convert}: parse options, call the core, print the outcome. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        header = "Convert PyTorch or NumPy checkpoints to safetensors without executing them.",
        description = {"IN is a PyTorch checkpoint (zip, torch.save since 1.6, or the legacy format before it), a "
                + "NumPy .npy/.npz file, or a sharded Hugging Face checkpoint (its directory or "
                + "pytorch_model.bin.index.json; --out is then a directory that receives model-0000N-of-0000M"
                + ".safetensors and model.safetensors.index.json).",
            "",
            "IN is scanned first (the same scanner and fail policy as 'mlgate scan'); a file that is not SAFE is "
                + "refused. A checkpoint's pickle is then rebuilt by a reconstruction interpreter that applies only "
                + "an allowlist of calls (OrderedDict, torch._utils._rebuild_tensor_v2 and _rebuild_tensor, "
                + "_rebuild_parameter, typed storages, argparse.Namespace); anything else stops the conversion and "
                + "nothing is written. Every tensor anywhere in the object tree is written under its dotted path "
                + "(one top-level wrapper such as state_dict is dropped), views and Fortran-ordered arrays in C "
                + "order, big-endian arrays as little-endian; plain numbers and strings go to __metadata__ as JSON, "
                + "and \"format\": \"pt\" is added. Output is written atomically (temporary files renamed into "
                + "place); on a refusal the output location is left as it was.",
            "",
            "TorchScript archives, NumPy object/structured/string arrays and pre-0.4 storage views are refused, and so "
                + "is (exit 3, nothing written) a tensor larger than --max-view-ratio x its storage + 1 MiB or a file "
                + "of more than --max-file-bytes of tensor data."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:converted (and verified with --verify)",
            "1:refused: the scan verdict is not SAFE, or the pickle uses something outside the allowlist",
            "2:usage error", "3:could not complete: unsupported or malformed checkpoint, I/O error, failed --verify"})
public final class ConvertCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Option(names = "--verify", description = "Read the output back and compare every tensor bit for bit with "
            + "its source; on a mismatch the output is removed.")
    boolean verify;

    @Option(names = "--digest", description = "Also record the SHA-256 of every input (reads every byte once "
            + "more; off by default because hashing dominates the time of a multi-GB conversion).")
    boolean digest;

    @Option(names = "--profile", paramLabel = "FILE", description = "An extra allowlist profile for the scan "
            + "(repeatable); it does not widen the reconstruction allowlist.")
    List<Path> profiles = new ArrayList<>();

    @Option(names = "--provenance", paramLabel = "FILE.json", description = "Also write an in-toto SLSA provenance "
            + "statement: the inputs -> the written files, by SHA-256 (implies --digest; record it with 'mlgate "
            + "lineage record').")
    Path provenance;

    @Option(names = "--max-view-ratio", defaultValue = "64", paramLabel = "N", description = "Refuse a tensor "
            + "whose bytes exceed N x the bytes of the storage it views + 1 MiB (a strided view can describe far more "
            + "than the file holds; default: ${DEFAULT-VALUE}).")
    long maxViewRatio;

    @Option(names = "--max-file-bytes", defaultValue = "4294967296", paramLabel = "BYTES", description = "Refuse to "
            + "write more than BYTES of tensor data into one output file (default: ${DEFAULT-VALUE}, 4 GiB).")
    long maxFileBytes;

    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Parameters(index = "0", paramLabel = "IN", description = "A checkpoint file, or a sharded checkpoint's "
            + "directory or index.")
    Path in;

    @Option(names = "--out", paramLabel = "OUT", description = "The .safetensors file to write (a directory for a "
            + "sharded checkpoint).")
    Path outOption;

    /** {@code convert IN OUT}, the spelling before --out: still accepted, with a deprecation line. */
    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT", hidden = true,
            description = "Deprecated: the output as a second argument; use --out OUT.")
    Path outPositional;

    private Path out;

    /** The JSON document ({@value #REPORT_FORMAT}; v1 had camelCase {@code metadataEntries}). */
    public record Outcome(String report, List<Input> inputs, List<Output> outputs, String index, boolean verified) { }

    /** The version of the JSON document; bumped when a field is renamed or changes meaning. */
    public static final String REPORT_FORMAT = "mlgate-convert-report/v2";

    public record Input(String path, String verdict, String sha256) { }

    public record Output(String path, String from, List<String> tensors, int metadataEntries) { }

    @Override
    public Integer call() throws JsonProcessingException {
        out = output(parent.streams());
        if (!Files.exists(in)) {
            throw new UsageException("no such file: " + in);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("the output directory does not exist: " + dir);
        }
        if (provenance != null) {
            AtomicFiles.check(provenance);
        }
        DistinctPaths paths = DistinctPaths.check().output("--provenance", provenance);
        profiles.forEach(p -> paths.input("--profile", p));
        if (Checkpoints.isSharded(in)) {
            paths.inputTree("IN", Files.isDirectory(in) ? in : in.toAbsolutePath().getParent()).outputTree("--out", out);
        } else {
            paths.input("IN", in).output("--out", out);
        }
        paths.verify();
        if (maxViewRatio < 1 || maxFileBytes < 1) {
            throw new UsageException("--max-view-ratio and --max-file-bytes must be at least 1");
        }
        ConversionLimits limits = new ConversionLimits(maxViewRatio, ConversionLimits.MIB, maxFileBytes);
        Scanner.Builder b = Scanner.builder().threads(1).digest(digest || provenance != null);
        profiles.forEach(p -> b.profile(ProfileFiles.load(p)));
        Streams s = parent.streams();
        Checkpoints.Result r;
        try {
            r = Checkpoints.convert(b.build(), in, out, verify, limits);
        } catch (IOException e) {
            throw new IncompleteException("cannot convert " + in + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        if (provenance != null) {
            byte[] statement = ConversionProvenance.statement(r);
            AtomicFiles.write(provenance, w -> w.write(statement));
        }
        Outcome o = new Outcome(REPORT_FORMAT,
                r.scans().stream().map(f -> new Input(f.path(), f.verdict().name(),
                        f.sha256() == null ? null : f.sha256().hex())).toList(),
                r.files().stream().map(f -> new Output(f.path().toString(), f.from().description(), f.tensors(),
                        f.metadataEntries())).toList(),
                r.index() == null ? null : r.index().toString(), r.verified());
        if (format.json()) {
            s.out().println(Json.pretty(o));
        } else {
            for (Output f : o.outputs()) {
                s.out().println("wrote " + f.path() + " from a " + f.from() + ": " + f.tensors().size() + " tensors, "
                        + f.metadataEntries() + " metadata entries");
            }
            if (o.index() != null) {
                s.out().println("wrote " + o.index());
            }
            if (o.verified()) {
                s.out().println("verified bit for bit against the source");
            }
        }
        return ExitCode.OK.code();
    }

    /** --out, or the deprecated second argument (not both). */
    private Path output(Streams s) {
        if (outOption != null && outPositional != null) {
            throw new UsageException("give the output once: --out " + outOption + " (and not also as a second argument)");
        }
        if (outPositional != null) {
            Deprecations.warn(s.err(), "the output as a second argument (convert IN OUT)", "convert IN --out OUT");
            return outPositional;
        }
        if (outOption == null) {
            throw new UsageException("missing --out OUT: the .safetensors file (or, for a sharded checkpoint, the "
                    + "directory) to write");
        }
        return outOption;
    }
}
