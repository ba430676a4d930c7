package org.mlgate.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Old flag spellings (issue 20's vocabulary replaced them) kept working as hidden aliases. One table, one mechanism:
 * {@link #install} adds each old spelling to its command as a hidden option whose parameter consumer prints one line
 * on standard error ({@code mlgate: --key is deprecated; use --private-key}) and hands the argument on under the new
 * spelling, so the new option's converter, arity and checks apply unchanged.
 */
final class Deprecations {
    /** {@code old} is accepted by the command {@code command} (its qualified name) and means {@code now}. */
    record Alias(String command, String old, String now) { }

    static final List<Alias> ALIASES = List.of(
            new Alias("mlgate train", "--model", "--arch"),
            new Alias("mlgate sign", "--key", "--private-key"),
            new Alias("mlgate verify", "--key", "--public-key"),
            new Alias("mlgate lineage record", "--key", "--public-key"),
            new Alias("mlgate lineage record", "--sign", "--private-key"),
            new Alias("mlgate data fraud", "--format", "--data-format"),
            new Alias("mlgate data fraud", "-f", "--data-format"),
            new Alias("mlgate guard check", "--output", "--answer"),
            new Alias("mlgate guard score", "--output", "--answer"),
            // one name per meaning: --hidden is the MLP's hidden widths (train, attack extraction)
            new Alias("mlgate attack inversion", "--hidden", "--feature"),
            // the same variable as sign's and lineage's for the same key
            new Alias("mlgate keygen", "--password-env", "--key-password-env"));

    /** The description every alias carries (hidden from help; the command-tree test recognises aliases by it). */
    static final String DESCRIPTION_PREFIX = "Deprecated spelling of ";

    private Deprecations() {
    }

    /** Adds the aliases to the commands under {@code root}; each old spelling warns once per run on {@code err}. */
    static void install(CommandLine root, PrintStream err) {
        Set<String> warned = new HashSet<>();
        for (Alias a : ALIASES) {
            CommandSpec spec = find(root, a.command()).getCommandSpec();
            OptionSpec target = spec.findOption(a.now());
            if (target == null) {
                throw new IllegalStateException(a.command() + " has no option " + a.now() + " for alias " + a.old());
            }
            boolean flag = target.arity().max() == 0;
            spec.addOption(OptionSpec.builder(a.old())
                    .hidden(true)
                    // the target's arity, so that picocli hands an attached value (-fjsonl, --format=jsonl) to the
                    // consumer on the stack like a separate one; the consumer itself never takes it
                    .arity(flag ? "0" : "1")
                    .type(flag ? boolean.class : String.class)
                    .description(DESCRIPTION_PREFIX + a.now() + ".")
                    .parameterConsumer((args, argSpec, commandSpec) -> {
                        if (warned.add(a.command() + " " + a.old())) {
                            warn(err, a.old(), a.now());
                        }
                        args.push(a.now()); // the value, if any, is next on the stack: the new option takes it
                    })
                    .build());
        }
    }

    /** The one deprecation line: names the old spelling, the word deprecated and the new spelling. */
    static void warn(PrintStream err, String old, String now) {
        err.println("mlgate: " + old + " is deprecated; use " + now);
        err.flush();
    }

    private static CommandLine find(CommandLine root, String qualifiedName) {
        String[] words = qualifiedName.split(" ");
        CommandLine c = root;
        for (int i = 1; i < words.length; i++) {
            c = c.getSubcommands().get(words[i]);
            if (c == null) {
                throw new IllegalStateException("no command " + qualifiedName + " for a deprecated alias");
            }
        }
        return c;
    }
}
