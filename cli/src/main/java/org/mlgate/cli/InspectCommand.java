package org.mlgate.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mlgate.core.DistinctPaths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mlgate.convert.Inspector;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.train.pkg.ModelPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists what a weights file holds without loading anything executable: a thin front end over {@link Inspector}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Print the tensors (name, dtype, shape, bytes) and metadata of a weights file.",
        description = {"FILE is a safetensors file, a PyTorch checkpoint (zip or legacy), a NumPy .npy/.npz "
                + "file, a model package (a folder written by 'mlgate train', recognised by its model-card.json: "
                + "checked for consistency first, exit 1 naming file and field if its files disagree), or a sharded "
                + "checkpoint (its directory or *.index.json). Safetensors files are listed from "
                + "their header alone: opening costs the same for 1 KB and 100 GB. Checkpoints are read the way "
                + "'mlgate convert' reads them, through an allowlist of reconstruction calls that never executes "
                + "anything; a checkpoint that needs anything else is refused (scan it with 'mlgate scan'). A file "
                + "that breaks its format is reported with the rule it breaks and the byte offset."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the file was listed",
            "1:refused: the checkpoint's pickle uses a global or call outside the reconstruction allowlist, or a "
                + "model package is inconsistent",
            "2:usage error (not a weights file, bad option)",
            "3:the file could not be read, breaks its format, or holds structure that is not supported"})
public final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Mixin
    OutputOption output;

    @Mixin
    ReportFormatOption format;

    @Parameters(paramLabel = "FILE", description = "A weights file, or a sharded checkpoint's directory or index.")
    Path file;

    @Override
    public Integer call() throws JsonProcessingException {
        if (!Files.exists(file)) {
            throw new UsageException("no such file: " + file);
        }
        output.check();
        DistinctPaths.check().inputTree("FILE", file).output("--output", output.file()).verify();
        ModelPackage pkg = ModelPackage.isPackage(file) ? ModelPackage.open(file) : null;
        Inspector.Listing listing;
        try {
            listing = Inspector.inspect(pkg == null ? file : file.resolve(ModelPackage.WEIGHTS));
        } catch (SafetensorsException e) {
            if (e.kind() == SafetensorsException.Kind.HEADER_TOO_SMALL
                    || e.kind() == SafetensorsException.Kind.NOT_AN_OBJECT) {
                throw new UsageException(file + " is neither a checkpoint nor a safetensors file: " + e.getMessage());
            }
            throw new IncompleteException(file + " breaks the safetensors format ("
                    + e.kind().name().toLowerCase(java.util.Locale.ROOT) + (e.offset() >= 0 ? " at byte " + e.offset()
                    : "") + "): " + e.getMessage());
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
        PackageInfo info = pkg == null ? null : new PackageInfo(pkg.dir().toString(), pkg.card().model().kind(),
                pkg.card().model().features(), pkg.card().model().hidden(), pkg.schema().label().name(),
                pkg.schema().label().classes(), pkg.weightsSha256(), pkg.card().runId(), listing);
        String doc = format.json()
                ? Json.pretty(info != null ? info : listing) + "\n"
                : (info != null ? packageLine(info) : "") + text(listing);
        output.write(parent.streams(), doc, StandardCharsets.UTF_8);
        return ExitCode.OK.code();
    }

    /** A model package: what the card and schema say it is (checked against the weights), then its weights. */
    public record PackageInfo(@JsonProperty("package") String dir, @JsonProperty("kind") String kind,
                              @JsonProperty("features") int features, @JsonProperty("hidden") List<Integer> hidden,
                              @JsonProperty("label") String label, @JsonProperty("classes") List<String> classes,
                              @JsonProperty("weights_sha256") String weightsSha256,
                              @JsonProperty("run_id") String runId, @JsonProperty("weights") Inspector.Listing weights) { }

    private static String packageLine(PackageInfo p) {
        return p.dir() + ": mlgate model package, " + p.kind() + (p.hidden().isEmpty() ? "" : " " + p.hidden()) + ", "
                + p.features() + " inputs, label " + p.label() + " " + p.classes() + ", run " + p.runId()
                + ", weights sha256 " + p.weightsSha256() + " (consistent with its card, schema and provenance)\n";
    }

    private static String text(Inspector.Listing l) {
        StringBuilder sb = new StringBuilder();
        sb.append(l.path()).append(" (").append(l.format()).append("): ").append(l.tensors().size())
                .append(" tensors, ").append(l.dataBytes()).append(" data bytes\n");
        l.metadata().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append("  metadata ")
                .append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        for (Inspector.Entry e : l.tensors()) {
            sb.append("  ").append(e.name()).append("  ").append(e.dtype()).append(' ').append(e.shape())
                    .append("  ").append(e.bytes()).append(" bytes");
            if (e.file() != null) {
                sb.append("  (").append(e.file()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
