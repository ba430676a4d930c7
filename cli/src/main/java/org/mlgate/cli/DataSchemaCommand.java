package org.mlgate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.ExitCode;
import org.mlgate.train.data.BuiltinSchemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate data schema NAME}: prints or writes one of the declared schemas shipped in {@link BuiltinSchemas}. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        header = "Print a shipped declared schema (what 'mlgate train --dp' needs).",
        description = {"Declared schemas (mlgate-schema/v1) with public bounds for the datasets mlgate knows: "
                + "breast-cancer (scikit-learn's breast_cancer.csv, columns f0..f29 and target), credit-g (the "
                + "German credit ARFF file) and fraud ('mlgate data fraud'). Printed on standard output, or written to "
                + "--out (staged and renamed into place)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:printed or written", "2:usage error (unknown NAME, --out folder missing)",
            "3:could not complete (the file could not be written)"},
        footerHeading = "%nExamples:%n",
        footer = {"  mlgate data schema breast-cancer --out breast-cancer-schema.json",
            "  mlgate data schema credit-g"})
final class DataSchemaCommand implements Callable<Integer> {
    @ParentCommand
    DataCommand data;

    @Parameters(paramLabel = "NAME", description = "breast-cancer, credit-g or fraud (case-insensitive).")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the schema to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            AtomicFiles.check(out);
        }
        byte[] json = BuiltinSchemas.json(name);
        var o = data.parent.streams().out();
        if (out == null) {
            o.write(json, 0, json.length);
        } else {
            AtomicFiles.write(out, json);
            o.println("wrote the declared schema " + name + " to " + out);
        }
        o.flush();
        return ExitCode.OK.code();
    }
}
