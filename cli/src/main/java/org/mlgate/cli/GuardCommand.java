package org.mlgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mlgate.core.AtomicFiles;
import org.mlgate.core.ExitCode;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.guard.Decision;
import org.mlgate.guard.DecisionJson;
import org.mlgate.guard.DecisionText;
import org.mlgate.guard.Guard;
import org.mlgate.guard.ScoreStream;
import org.mlgate.guard.eval.EvalReport;
import org.mlgate.guard.eval.EvalText;
import org.mlgate.guard.eval.GuardEvaluation;
import org.mlgate.guard.eval.GuardTrainer;
import org.mlgate.guard.eval.PromptCorpus;
import org.mlgate.guard.model.GuardModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate guard}: input and output rails in front of an LLM (the {@code guard} module's front end). */
@Command(name = "guard", mixinStandardHelpOptions = true,
        header = "Check prompts and answers against guard rails (injection, jailbreak, secrets, PII).",
        description = {"Without --config the built-in rail set is used: input rails invisible_text, token_limit, "
                + "heuristic_injection, ngram_perplexity and classifier (all block); output rails secrets and pii "
                + "(redact) and invisible_text (block). --config DIR reads DIR/config.yml (see guard/README.md)."},
        subcommands = {GuardCommand.Check.class, GuardCommand.Score.class, GuardCommand.Train.class,
            GuardCommand.Eval.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:allowed (check), every line scored (score), done (train, eval)",
            "1:blocked (check)", "2:usage error (options, configuration: file, line and key named)",
            "3:could not complete (unreadable input; score: a line could not be read)"})
public final class GuardCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: check, score, train or eval");
    }

    /** Options shared by check and score. */
    static final class RailOptions {
        @Option(names = "--config", paramLabel = "DIR", description = "Guard configuration folder holding config.yml "
                + "(default: the built-in rail set).")
        Path config;

        @Option(names = "--answer", description = "Check the text as a model's answer (output rails) instead of a "
                + "prompt (input rails).")
        boolean output;

        Guard guard() {
            return config == null ? Guard.defaults() : Guard.load(config);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Check one text; exit 1 when a blocking rail fires.",
            description = {"Prints ALLOWED or BLOCKED with each rail that fired, its score and what it matched "
                    + "(text), or the decision as JSON: {\"allowed\", \"score\", \"rails\": [{\"rail\", \"type\", "
                    + "\"action\", \"score\", \"spans\": [[start, end]]}], \"text\"} (text only when redacted)."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        GuardCommand guard;

        @CommandLine.Mixin
        RailOptions rails = new RailOptions();

        @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The prompt (or, with "
                + "--answer, the answer) to check.")
        String text;

        @CommandLine.Mixin
        ReportFormatOption format;

        @Override
        public Integer call() {
            boolean asJson = format.json();
            Guard g = rails.guard();
            Decision d = rails.output ? g.checkOutput(text) : g.checkInput(text);
            Streams s = guard.parent.streams();
            s.out().print(asJson ? DecisionJson.of(d, null) + System.lineSeparator() : DecisionText.of(d, text));
            s.out().flush();
            return (d.allowed() ? ExitCode.OK : ExitCode.POLICY_FAILURE).code();
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            header = "Score JSON Lines of prompts: one decision line out per line in.",
            description = {"Reads JSON Lines with a string \"text\" field (standard input, or --input FILE) and writes "
                    + "one JSON line per input line, in order: {\"line\", \"allowed\", \"score\", \"rails\": [the rails "
                    + "that fired], \"text\" (only when redacted)}. A line that cannot be read gives {\"line\": N, "
                    + "\"error\": \"...\"} in its place and the command then exits 3."})
    static final class Score implements Callable<Integer> {
        @ParentCommand
        GuardCommand guard;

        @CommandLine.Mixin
        RailOptions rails = new RailOptions();

        @Option(names = "--input", paramLabel = "FILE", description = "Read the prompts from FILE instead of "
                + "standard input.")
        Path input;

        @Override
        public Integer call() {
            Guard g = rails.guard();
            if (input != null && !Files.isRegularFile(input)) {
                throw new UsageException("no such file: " + input);
            }
            Streams s = guard.parent.streams();
            try (InputStream in = input == null ? System.in : Files.newInputStream(input)) {
                ScoreStream.Result res = ScoreStream.run(g, rails.output, in, s.out());
                if (res.unreadable() > 0) {
                    s.err().println("mlgate: " + res.unreadable() + " of " + res.lines() + " lines could not be read "
                            + "(see the \"error\" lines)");
                    return ExitCode.INCOMPLETE.code();
                }
                return ExitCode.OK.code();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UsageException("no such file: " + input);
            } catch (IOException e) {
                throw new IncompleteException("cannot read " + (input == null ? "standard input" : input) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            header = "Train the guard model (classifier, n-gram model, thresholds) from labelled prompts.",
            description = {"Reads every *.jsonl in --data ({\"text\", \"label\": attack|benign, \"source\", "
                    + "\"category\"} per line; splits fixed by each text's SHA-256), trains on the fit split and fits "
                    + "thresholds on the calibration split at 1 %% false positives. The same data and --seed give the "
                    + "same file byte for byte: the built-in model is `mlgate guard train --data "
                    + "../shared/datasets/prompts --data guard/data/prompts --seed 42`."})
    static final class Train implements Callable<Integer> {
        @ParentCommand
        GuardCommand guard;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of labelled .jsonl "
                + "prompt files; repeat for several folders (file names must differ).")
        List<Path> data;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the training shuffle (default: "
                + "${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the model "
                + "(safetensors; written atomically).")
        Path out;

        @Override
        public Integer call() {
            AtomicFiles.check(out, "the guard model to " + out);
            GuardModel m = GuardTrainer.train(PromptCorpus.read(data), seed);
            AtomicFiles.write(out, m.toBytes());
            GuardModel.Thresholds t = m.thresholds();
            guard.parent.streams().err().printf(Locale.ROOT, "mlgate: wrote %s (seed %d, %s fit examples; thresholds "
                    + "classifier %.4f, ngram_perplexity %.4f, heuristic_injection %.4f)%n", out, seed,
                    m.training().get("fit_examples"), t.classifier(), t.ngramPerplexity(), t.heuristicInjection());
            return ExitCode.OK.code();
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            header = "Evaluate the default input rails: per-source TPR at 1 %%, 2 %% and 5 %% FPR, leave-one-source-out, "
                    + "over-blocking, latency, throughput.",
            description = {"Trains on the fit split, fits thresholds on the calibration split, and measures on the "
                    + "test split; then, for each attack source, trains and calibrates without it and measures on all "
                    + "of it (leave one source out); each all-benign source (NotInject, XSTest, hard negatives, "
                    + "ordinary instructions) is measured on its test split and never seen. Takes about a minute."})
    static final class Eval implements Callable<Integer> {
        @ParentCommand
        GuardCommand guard;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of labelled .jsonl "
                + "prompt files (e.g. ../shared/datasets/prompts); repeat for several folders.")
        List<Path> data;

        @Option(names = "--seed", defaultValue = "42", description = "Training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @CommandLine.Mixin
        ReportFormatOption format;

        @Override
        public Integer call() {
            boolean asJson = format.json();
            EvalReport r = GuardEvaluation.run(PromptCorpus.read(data), seed);
            Streams s = guard.parent.streams();
            s.out().print(asJson ? DecisionJson.pretty(r) + System.lineSeparator() : EvalText.render(r));
            s.out().flush();
            return ExitCode.OK.code();
        }
    }

}
