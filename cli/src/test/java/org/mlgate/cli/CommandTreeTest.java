package org.mlgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Walks the whole picocli command tree: every command, option and positional has help text, and every flag spelling is
 * in issue 20's vocabulary ({@code --format} the report format, {@code -o/--output} a report file, {@code --out} a
 * produced file, {@code --public-key}/{@code --private-key}, {@code --data-format} a data format), unless it is a
 * hidden deprecated alias from {@link Deprecations#ALIASES}.
 */
class CommandTreeTest {
    /** Report --format options that are not the shared mixins, each with why. */
    private static final Map<String, String> OWN_FORMAT = Map.of(
            "mlgate lineage graph", "dot|json: the graph's own formats",
            "mlgate predict", "json|csv: the predictions document");

    /** Spellings the vocabulary replaced; never visible. */
    private static final Set<String> RETIRED = Set.of("--key", "--sign");

    static Stream<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(streams(new ByteArrayOutputStream())), all);
        return all.stream();
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }

    private static Streams streams(ByteArrayOutputStream err) {
        return new Streams(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());
    }

    @Test
    void theTreeHoldsEveryCommand() {
        List<String> names = commands().map(c -> c.getCommandSpec().qualifiedName()).toList();
        assertThat(names).contains("mlgate scan", "mlgate inspect", "mlgate convert", "mlgate sign", "mlgate verify",
                "mlgate lineage record", "mlgate lineage show", "mlgate lineage impact", "mlgate lineage graph",
                "mlgate train", "mlgate evaluate", "mlgate predict", "mlgate sanitize", "mlgate data fraud",
                "mlgate dp epsilon", "mlgate dp noise", "mlgate bench scan", "mlgate bench hash", "mlgate serve",
                "mlgate api-keys create", "mlgate audit show", "mlgate attack extraction",
                "mlgate attack membership", "mlgate guard check", "mlgate guard score");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyOptionAndPositionalHasHelpText(CommandLine c) {
        CommandSpec spec = c.getCommandSpec();
        assertThat(String.join("", spec.usageMessage().description()) + String.join("", spec.usageMessage().header()))
                .as("description of %s", spec.qualifiedName()).isNotBlank();
        for (OptionSpec o : spec.options()) {
            assertThat(String.join(" ", o.description())).as("help text of %s %s", spec.qualifiedName(), o.longestName())
                    .isNotBlank();
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            assertThat(String.join(" ", p.description())).as("help text of %s %s", spec.qualifiedName(), p.paramLabel())
                    .isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void flagSpellingsFollowTheVocabulary(CommandLine c) {
        CommandSpec spec = c.getCommandSpec();
        String cmd = spec.qualifiedName();
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                assertThat(name).as("%s: %s", cmd, name).matches("-[a-zA-Z]|--[a-z0-9]+(-[a-z0-9]+)*");
            }
            if (o.hidden()) {
                assertThat(isAlias(cmd, o)).as("%s: hidden option %s is not a deprecated alias", cmd, o.longestName())
                        .isTrue();
                continue;
            }
            List<String> names = List.of(o.names());
            assertThat(names).as("%s: retired spelling", cmd).doesNotContainAnyElementsOf(RETIRED);
            if (names.contains("--model")) {
                assertThat(cmd).as("--model is a model folder; train's kind is --arch").isNotEqualTo("mlgate train");
                assertThat(o.paramLabel()).as("%s --model", cmd).contains("DIR");
            }
            if (names.contains("--output") || names.contains("-o")) {
                assertThat(declaredBy(o)).as("%s: -o/--output is a report file (OutputOption), not a produced file",
                        cmd).isEqualTo(OutputOption.class);
            }
            if (names.contains("--format") || names.contains("-f")) {
                Class<?> owner = declaredBy(o);
                boolean shared = owner == ReportFormatOption.class || owner == FormatOption.class;
                assertThat(shared || OWN_FORMAT.containsKey(cmd))
                        .as("%s: --format is the report format (ReportFormatOption); data formats are --data-format",
                                cmd).isTrue();
            }
            if (o.paramLabel().startsWith("PUB")) {
                assertThat(names).as("%s: a public key option", cmd)
                        .containsAnyOf("--public-key", "--scan-key");
            }
            // a key a command reads; keygen's --out KEY.pem is the key it writes
            if (o.paramLabel().equals("KEY.pem") && !names.contains("--attest") && !names.contains("--out")) {
                assertThat(names).as("%s: a private key option", cmd).contains("--private-key");
            }
            if (names.contains("--verify-key")) {
                assertThat(names).as("%s: --verify-key is a synonym of --public-key", cmd).contains("--public-key");
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                assertThat(String.join(" ", p.description())).as("%s: hidden positional %s", cmd, p.paramLabel())
                        .startsWith("Deprecated");
            }
        }
    }

    @Test
    void everyAliasNamesAnOptionOfItsCommand() {
        for (Deprecations.Alias a : Deprecations.ALIASES) {
            CommandLine c = commands().filter(x -> x.getCommandSpec().qualifiedName().equals(a.command())).findFirst()
                    .orElseThrow();
            OptionSpec now = c.getCommandSpec().findOption(a.now());
            assertThat(now).as(a.toString()).isNotNull();
            assertThat(now.hidden()).as("%s: the new spelling is visible", a).isFalse();
            assertThat(c.getCommandSpec().findOption(a.old()).hidden()).as("%s: the old spelling is hidden", a).isTrue();
        }
    }

    /** Each alias, parsed: the new option gets the value and exactly one deprecation line names both spellings. */
    @Test
    void oldSpellingsStillParseAndPrintOneDeprecationLine() {
        for (Deprecations.Alias a : Deprecations.ALIASES) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine root = Main.commandLine(streams(err));
            List<String> args = new ArrayList<>(List.of(a.command().substring("mlgate ".length()).split(" ")));
            CommandLine cmd = root;
            for (String w : args) {
                cmd = cmd.getSubcommands().get(w);
            }
            OptionSpec now = cmd.getCommandSpec().findOption(a.now());
            boolean flag = now.arity().max() == 0;
            String value = flag ? null : now.typeInfo().isEnum() ? "x" : "csv";
            args.add(a.old());
            if (!flag) {
                args.add(value);
            }
            args.add(a.old()); // twice: still one line
            if (!flag) {
                args.add(value);
            }
            try {
                root.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                // required options missing, or the single-valued option given twice: never an unknown alias
                assertThat(e.getMessage()).as(a.toString()).doesNotContain("Unknown option", "'" + a.old() + "'");
            }
            Object got = now.getValue();
            if (flag) {
                assertThat(got).as(a.toString()).isEqualTo(true);
            } else {
                assertThat(String.valueOf(got)).as(a.toString()).contains(value);
            }
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).as(a.toString()).hasSize(1);
            assertThat(lines.getFirst()).contains("deprecated", a.old(), a.now());
        }
    }

    @Test
    void helpNeverShowsAnAlias() {
        for (Deprecations.Alias a : Deprecations.ALIASES) {
            Cli.Result r = Cli.run((a.command().substring("mlgate ".length()) + " --help").split(" "));
            assertThat(r.code()).isZero();
            assertThat(r.out()).as(a.toString()).contains(a.now()).doesNotContainPattern("(?m)[ ,]" + a.old()
                    + "[ =,]");
        }
    }

    private static boolean isAlias(String cmd, OptionSpec o) {
        return Deprecations.ALIASES.stream().anyMatch(a -> a.command().equals(cmd) && List.of(o.names()).contains(a.old()))
                && String.join("", o.description()).startsWith(Deprecations.DESCRIPTION_PREFIX);
    }

    private static Class<?> declaredBy(ArgSpec a) {
        return a.userObject() instanceof Field f ? f.getDeclaringClass() : null;
    }
}
