package org.mlgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafetensorsException;
import org.mlgate.tensors.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists what a weights file holds without loading anything executable. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Print the tensors (name, dtype, shape, bytes) and metadata of a safetensors file.",
        description = {"Reads only the header: opening costs the same for a 1 KB and a 100 GB file, and no "
                + "tensor data is read. A file that breaks the format is reported with the rule it breaks, the "
                + "tensor and the byte offset. (Pickle-based checkpoints are listed by `mlgate convert`, which "
                + "is not built yet; scan them with `mlgate scan`.)"},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the file was listed", "2:usage error (not a safetensors file, bad option)",
            "3:the file could not be read or breaks the safetensors format"})
public final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    MlgateCommand parent;

    @Mixin
    OutputOption output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(paramLabel = "FILE", description = "A .safetensors file.")
    Path file;

    /** The JSON document. */
    public record Listing(String path, long headerLength, long dataBytes, Map<String, String> metadata,
                          List<Entry> tensors) { }

    public record Entry(String name, String dtype, List<Long> shape, long elements, long bytes) { }

    @Override
    public Integer call() throws JsonProcessingException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, got '" + format + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        output.check();
        Listing listing;
        try (SafeTensors st = SafeTensors.open(file)) {
            listing = new Listing(file.toString(), st.header().headerLength(), st.header().dataLength(),
                    st.metadata(), st.tensors().stream().map(st::tensor).map(InspectCommand::entry).toList());
        } catch (SafetensorsException e) {
            if (e.kind() == SafetensorsException.Kind.HEADER_TOO_SMALL
                    || e.kind() == SafetensorsException.Kind.NOT_AN_OBJECT) {
                throw new UsageException(file + " is not a safetensors file: " + e.getMessage());
            }
            throw new IncompleteException(file + " breaks the safetensors format ("
                    + e.kind().name().toLowerCase(java.util.Locale.ROOT) + (e.offset() >= 0 ? " at byte " + e.offset()
                    : "") + "): " + e.getMessage());
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String doc = format.equals("json")
                ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(listing) + "\n"
                : text(listing);
        output.write(parent.streams(), doc, StandardCharsets.UTF_8);
        return 0;
    }

    private static Entry entry(Tensor t) {
        return new Entry(t.name(), t.dtype().name(), t.shape(), t.elementCount(), t.byteSize());
    }

    private static String text(Listing l) {
        StringBuilder sb = new StringBuilder();
        sb.append(l.path()).append(": ").append(l.tensors().size()).append(" tensors, ").append(l.dataBytes())
                .append(" data bytes, header ").append(l.headerLength()).append(" bytes\n");
        l.metadata().forEach((k, v) -> sb.append("  metadata ").append(k).append(" = ").append(v).append('\n'));
        for (Entry e : l.tensors()) {
            sb.append("  ").append(e.name()).append("  ").append(e.dtype()).append(' ').append(e.shape())
                    .append("  ").append(e.bytes()).append(" bytes\n");
        }
        return sb.toString();
    }
}
