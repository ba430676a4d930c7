package org.mlgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.UsageException;
import org.mlgate.guard.Guard;
import org.mlgate.guard.eval.GuardBench;
import org.mlgate.guard.eval.Prompt;
import org.mlgate.guard.eval.PromptCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlgate bench guard}: throughput of the guard's input rails beside a peer, per core. */
@Command(name = "guard", mixinStandardHelpOptions = true,
        description = {"Runs the input rails (the built-in set, or --config DIR) on one thread over every prompt of "
                + "a prompt corpus folder (*.jsonl with a text field) and prints prompts per second of thread CPU "
                + "time (per core) and of wall-clock time, beside a peer measured in the same run (the JDK's NFKC "
                + "normalisation of each prompt), then the CPU time of the shared text normalisation and of each "
                + "rail alone."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK, ExitCodes.USAGE, ExitCodes.INCOMPLETE})
final class GuardBenchCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    BenchCommand bench;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Prompt corpus folder (*.jsonl); "
            + "repeat for several folders.")
    List<Path> data;

    @Option(names = "--config", paramLabel = "DIR", description = "Guard configuration folder (default: built-in).")
    Path config;

    @Option(names = "--passes", defaultValue = "5", description = "Measured passes over the corpus (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--warmups", defaultValue = "3", description = "Warm-up passes (default ${DEFAULT-VALUE}).")
    int warmups;

    @picocli.CommandLine.Mixin
    ReportFormatOption format;

    @Override
    public Integer call() throws IOException {
        if (passes < 1 || passes > 1000 || warmups < 0 || warmups > 100) {
            throw new UsageException("--passes must be in [1, 1000] and --warmups in [0, 100]");
        }
        Guard guard = config == null ? Guard.defaults() : Guard.load(config);
        List<String> texts = PromptCorpus.read(data).prompts().stream().map(Prompt::text).toList();
        GuardBench.Result r = GuardBench.run(guard, texts, warmups, passes);
        Streams s = bench.parent.streams();
        if (format.json()) {
            s.out().println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            return 0;
        }
        s.out().printf("%,d prompts (mean %.0f chars), %d passes, one thread%n", r.prompts(), r.meanChars(),
                r.passes());
        s.out().printf("%-44s %16s %16s %14s%n", "", "prompts/CPU-s", "prompts/wall-s", "CPU µs/prompt");
        for (GuardBench.Figure f : r.figures()) {
            s.out().printf("%-44s %,16.0f %,16.0f %14.1f%n", f.what(), f.promptsPerCpuSecond(),
                    f.promptsPerWallSecond(), f.cpuMicrosPerPrompt());
        }
        return 0;
    }
}
