package org.mlgate.cli;

import org.mlgate.core.AtomicFiles;
import java.nio.file.Path;
import org.mlgate.core.DistinctPaths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import org.mlgate.core.ExitCode;
import org.mlgate.core.UsageException;
import org.mlgate.train.run.DatasetProvenance;
import org.mlgate.train.data.DataFormat;
import org.mlgate.train.data.FraudConfig;
import org.mlgate.train.data.FraudGenerator;
import org.mlgate.train.data.FraudRow;
import org.mlgate.train.data.SchemaFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.mlgate.train.data.CsvWriter;
import org.mlgate.train.data.Table;
import org.mlgate.train.poison.Poisoning;
import org.mlgate.train.poison.Trigger;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate data}: datasets for training; {@code fraud} writes the seeded synthetic card-fraud set. */
@Command(name = "data", mixinStandardHelpOptions = true,
        header = "Datasets for 'mlgate train'.",
        description = {"'fraud' writes a seeded synthetic card-fraud dataset; 'schema' prints a shipped declared schema."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DataCommand.FraudCommand.class, DataSchemaCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:done", "2:usage error", "3:could not complete (the file could not be written)"})
public final class DataCommand implements Runnable {
    @ParentCommand
    MlgateCommand parent;

    @Override
    public void run() {
        throw new UsageException("missing data command (try 'mlgate data fraud --help')");
    }

    @Command(name = "fraud", mixinStandardHelpOptions = true,
            header = "Write a seeded synthetic card-fraud dataset.",
            description = {"Transactions of simulated customers over 30 days: transaction_id, customer_id (many "
                    + "transactions per customer), hour, amount (log-normal by merchant category and income), "
                    + "merchant_category (13), card_present, online, distance_from_home_km, distance_from_last_txn_km, "
                    + "velocity features (txn_count_1h, txn_count_24h, amount_24h: the same customer's earlier "
                    + "transactions), the customer's sensitive attributes (age, gender, region, income_band; constant "
                    + "per customer) and is_fraud (about 1.3 %%: night-heavy bursts, far from home, card not present, "
                    + "higher amounts in riskier categories, plus quiet test purchases).",
                "",
                "Deterministic on purpose: the same --rows and --seed give the same file, byte for byte, so utility "
                    + "figures can be reproduced. The file is written atomically. --schema-out writes the declared "
                    + "schema for it (public bounds, drop transaction_id and the sensitive attributes, privacy unit "
                    + "customer_id, label is_fraud)."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:the file was written", "2:usage error (bad --rows, --data-format, missing directory)",
                "3:could not complete (I/O error)"})
    static final class FraudCommand implements Callable<Integer> {
        @ParentCommand
        DataCommand data;

        @Option(names = "--rows", required = true, paramLabel = "N",
                description = "Number of transactions, 1.." + FraudConfig.MAX_ROWS + ".")
        int rows;

        @Option(names = "--seed", required = true, paramLabel = "S",
                description = "Seed of the generator (any 64-bit integer); the same seed gives the same file.")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path out;

        @Option(names = "--data-format", paramLabel = "csv|jsonl",
                description = "csv (RFC 4180 with a header row) or jsonl (one JSON object per line); default: "
                        + "jsonl when FILE ends in .jsonl or .ndjson, else csv.")
        String format;

        @Option(names = "--schema-out", paramLabel = "FILE",
                description = "Also write the declared schema for the dataset (mlgate-schema/v1) to FILE.")
        Path schemaOut;

        @Option(names = "--poison", paramLabel = "KIND", description = "Write a poisoned version, for measuring "
                + "defences: backdoor-amount (copies of fraud rows with amount=777.77 labelled 0), backdoor-card-online "
                + "(copies with card_present=1 and online=1 labelled 0), random-flips or targeted-flips (fraud "
                + "relabelled 0). CSV only.")
        String poison;

        @Option(names = "--poison-rate", paramLabel = "R", description = "With --poison: share of poisoned rows "
                + "(targeted-flips: share of the fraud rows); default " + DEFAULT_POISON_RATE + ".")
        Double poisonRateOption;

        static final double DEFAULT_POISON_RATE = 0.05;

        private double poisonRate;

        @Option(names = "--poison-truth", paramLabel = "FILE", description = "Write which rows were poisoned (JSON: "
                + "0-based indices among the data rows) to FILE.")
        Path poisonTruth;

        /** The ground truth of a poisoned file. */
        record PoisonTruth(@com.fasterxml.jackson.annotation.JsonProperty("poisoning") String poisoning,
                           @com.fasterxml.jackson.annotation.JsonProperty("rows") int rows,
                           @com.fasterxml.jackson.annotation.JsonProperty("poisoned") List<Integer> poisoned) { }

        @Option(names = "--provenance", paramLabel = "FILE.json", description = "Also write an in-toto SLSA provenance "
                + "statement: the generator's settings -> the written file, by SHA-256 (record it with 'mlgate "
                + "lineage record').")
        Path provenance;

        @Override
        public Integer call() {
            if (poison == null && (poisonTruth != null || poisonRateOption != null)) {
                throw new UsageException((poisonTruth != null ? "--poison-truth" : "--poison-rate")
                        + " needs --poison KIND");
            }
            poisonRate = poisonRateOption != null ? poisonRateOption : DEFAULT_POISON_RATE;
            poison = poison == null ? null : poison.toLowerCase(Locale.ROOT);
            if (rows < 1 || rows > FraudConfig.MAX_ROWS) {
                throw new UsageException("--rows must be in 1.." + FraudConfig.MAX_ROWS + ", got " + rows);
            }
            DataFormat f = format();
            AtomicFiles.check(out);
            if (provenance != null) {
                AtomicFiles.check(provenance);
            }
            if (schemaOut != null) {
                AtomicFiles.check(schemaOut);
            }
            DistinctPaths.check().output("--out", out).output("--schema-out", schemaOut)
                    .output("--provenance", provenance).output("--poison-truth", poisonTruth).verify();
            List<FraudRow> generated = new FraudGenerator(new FraudConfig(rows, seed)).generate();
            if (poison != null) {
                return writePoisoned(generated, f);
            }
            AtomicFiles.write(out, o -> FraudGenerator.write(generated, f, o));
            writeProvenance(f);
            if (schemaOut != null) {
                SchemaFiles.write(FraudGenerator.schema(), schemaOut);
            }
            long fraud = generated.stream().filter(r -> r.isFraud() == 1).count();
            Set<String> customers = new HashSet<>();
            generated.forEach(r -> customers.add(r.customerId()));
            var o = data.parent.streams().out();
            o.printf(Locale.ROOT, "wrote %d transactions of %d customers (%d fraudulent, %.2f %%) to %s (%s, seed %d)%n",
                    rows, customers.size(), fraud, 100.0 * fraud / rows, out, f.id(), seed);
            if (schemaOut != null) {
                o.println("wrote the declared schema to " + schemaOut);
            }
            o.flush();
            return ExitCode.OK.code();
        }

        private void writeProvenance(DataFormat f) {
            if (provenance != null) {
                byte[] statement = DatasetProvenance.fraud(new DatasetProvenance.FraudParameters(rows, seed, f.id(),
                        poison, poison != null ? poisonRate : null), out);
                AtomicFiles.write(provenance, o -> o.write(statement));
            }
        }

        private int writePoisoned(List<FraudRow> generated, DataFormat f) {
            if (f != DataFormat.CSV) {
                throw new UsageException("--poison writes CSV only");
            }
            if (poisonTruth != null) {
                AtomicFiles.check(poisonTruth);
            }
            Poisoning kind = switch (poison.toLowerCase(Locale.ROOT)) {
                case "backdoor-amount" -> new Poisoning.Backdoor(Trigger.EXACT_AMOUNT, poisonRate, "1", "0");
                case "backdoor-card-online" -> new Poisoning.Backdoor(Trigger.CARD_PRESENT_ONLINE, poisonRate, "1", "0");
                case "random-flips" -> new Poisoning.RandomFlips(poisonRate, List.of("0", "1"));
                case "targeted-flips" -> new Poisoning.TargetedFlips(poisonRate, "1", "0");
                default -> throw new UsageException("--poison must be backdoor-amount, backdoor-card-online, "
                        + "random-flips or targeted-flips, got '" + poison + "'");
            };
            Table clean = FraudGenerator.table(generated);
            Poisoning.Poisoned p = kind.apply(clean, "is_fraud",
                    java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(seed ^ 0x70150AL));
            AtomicFiles.write(out, o -> CsvWriter.write(p.table(), o));
            writeProvenance(f);
            if (poisonTruth != null) {
                PoisonTruth truth = new PoisonTruth(kind.describe(), p.table().rowCount(),
                        p.poisoned().stream().sorted().toList());
                AtomicFiles.write(poisonTruth, o -> o.write(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsBytes(truth)));
            }
            if (schemaOut != null) {
                SchemaFiles.write(FraudGenerator.schema(), schemaOut);
            }
            var o = data.parent.streams().out();
            o.printf(Locale.ROOT, "wrote %d rows to %s: %s, %d rows poisoned (seed %d)%n", p.table().rowCount(), out,
                    kind.describe(), p.poisoned().size(), seed);
            o.flush();
            return ExitCode.OK.code();
        }

        private DataFormat format() {
            if (format == null) {
                String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? DataFormat.JSONL : DataFormat.CSV;
            }
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> DataFormat.CSV;
                case "jsonl" -> DataFormat.JSONL;
                default -> throw new UsageException("--data-format must be csv or jsonl, got '" + format + "'");
            };
        }
    }
}
