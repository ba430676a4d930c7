package org.mlgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command. It does nothing by itself; each subcommand is one small class registered in
 * {@code subcommands} (add {@code sign}, {@code verify}, ... there) and reaches the shared
 * {@link Streams} through {@code @ParentCommand}.
 */
@Command(name = "mlgate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Gates the path of an ML model from notebook to production.",
        description = {
            "mlgate scans, converts, signs, verifies and trains ML models without ever executing what it reads, and "
                + "records their lineage.",
            "",
            "Run 'mlgate help COMMAND' or 'mlgate COMMAND --help' for the options of a command."
        },
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK, ExitCodes.POLICY, ExitCodes.USAGE, ExitCodes.INCOMPLETE},
        subcommands = {ScanCommand.class, ConvertCommand.class, InspectCommand.class, KeygenCommand.class, DoctorCommand.class, SignCommand.class,
            VerifyCommand.class, LineageCommand.class, DataCommand.class, SanitizeCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ServeCommand.class, AttackCommand.class, ApiKeysCommand.class, AuditCommand.class,
            DpCommand.class, GuardCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class MlgateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Streams streams;

    MlgateCommand(Streams streams) {
        this.streams = streams;
    }

    public Streams streams() {
        return streams;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
