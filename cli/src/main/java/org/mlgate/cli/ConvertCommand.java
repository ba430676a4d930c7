package org.mlgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.convert.Checkpoints;
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
        header = "Convert a PyTorch zip checkpoint to safetensors without executing it.",
        description = {"Scans IN first (the same scanner and fail policy as 'mlgate scan'); a file that is not "
                + "SAFE is refused. The checkpoint's pickle is then rebuilt by a reconstruction interpreter that "
                + "applies only an allowlist of calls (OrderedDict, torch._utils._rebuild_tensor_v2, "
                + "_rebuild_parameter, typed storages, argparse.Namespace); anything else stops the conversion "
                + "and nothing is written. Every tensor anywhere in the object tree is written under its dotted "
                + "path (one top-level wrapper such as state_dict is dropped), views are written in C order, "
                + "plain numbers and strings go to __metadata__ as JSON, and \"format\": \"pt\" is added. The "
                + "output is written atomically (a temporary file renamed into place).",
            "",
            "Not yet supported: legacy (pre-1.6) PyTorch files, TorchScript, NumPy and sharded checkpoints."},
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

    @Option(names = "--profile", paramLabel = "FILE", description = "An extra allowlist profile for the scan "
            + "(repeatable); it does not widen the reconstruction allowlist.")
    List<Path> profiles = new ArrayList<>();

    @Option(names = {"-f", "--format"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(index = "0", paramLabel = "IN", description = "A PyTorch zip checkpoint (torch.save since 1.6).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .safetensors file to write.")
    Path out;

    /** The JSON document. */
    public record Outcome(String input, String inputSha256, String output, List<String> tensors,
                          int metadataEntries, boolean verified) { }

    @Override
    public Integer call() throws JsonProcessingException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, got '" + format + "'");
        }
        if (!Files.isRegularFile(in)) {
            throw new UsageException("no such file: " + in);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("the output directory does not exist: " + dir);
        }
        Scanner.Builder b = Scanner.builder().threads(1);
        profiles.forEach(p -> b.profile(ProfileFiles.load(p)));
        Streams s = parent.streams();
        Checkpoints.Result r;
        try {
            r = Checkpoints.convert(b.build(), in, out, verify);
        } catch (ConversionRefused e) {
            s.err().println("mlgate: " + e.getMessage());
            return switch (e.reason()) {
                case SCAN_VERDICT, GLOBAL_NOT_ALLOWED -> ExitCode.POLICY_FAILURE.code();
                case UNSUPPORTED, BUDGET -> ExitCode.INCOMPLETE.code();
            };
        } catch (IOException e) {
            throw new IncompleteException("cannot convert " + in + ": " + e.getMessage(), e);
        }
        Outcome o = new Outcome(in.toString(), r.scan().sha256() == null ? null : r.scan().sha256().hex(),
                out.toString(), r.tensors(), r.metadataEntries(), r.verified());
        if (format.equals("json")) {
            s.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            s.out().println("wrote " + out + ": " + o.tensors().size() + " tensors, " + o.metadataEntries()
                    + " metadata entries" + (o.verified() ? ", verified bit for bit against the source" : ""));
        }
        return ExitCode.OK.code();
    }
}
