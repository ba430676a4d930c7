package org.mlgate.train.data;

import org.mlgate.core.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.mlgate.core.UsageException;

/**
 * A <b>seeded</b> synthetic card-fraud dataset: deterministic by design (the same {@link FraudConfig} gives
 * the same rows, byte for byte, on every JDK: {@code L64X128MixRandom}, our own Box–Muller, no
 * {@code Math} functions whose results may vary between platforms beyond {@code StrictMath}), so utility
 * figures can be reproduced. Never use it where unpredictability matters.
 *
 * <p>The simulation: customers ({@code rows / 25}) with heavy-tailed (log-normal) activity, fixed sensitive attributes
 * (age, gender, region, income band) and a home location; 30 days of legitimate transactions (day-time hour
 * profile, 13 merchant categories with log-normal amounts scaled by income, mostly near home, some travel);
 * and fraud episodes on about 1.3 % of rows: card-not-present bursts (online, night-heavy, far-away IP,
 * electronics/marketplace/gambling/travel, amounts ~2.5× higher), skimmed-card bursts (card present, far
 * from home), and quiet single test purchases that look legitimate. Velocity features (transactions and
 * amount of the same customer in the previous hour and 24 hours, distance from the previous transaction)
 * are computed afterwards over the merged timeline, so fraud bursts raise them as they would in reality.
 */
public final class FraudGenerator {
    /** The declared schema for these files, a resource beside this class. */
    public static final String SCHEMA_RESOURCE = "fraud-schema.json";
    /**
     * Every value lies inside the shipped schema's declared bounds by construction: amounts are capped at its maximum,
     * and a transaction is at most 1,500 km from home, so two transactions are at most 3,000 km apart (the triangle
     * inequality) — the declared maximum of both distance columns.
     */
    static final double MAX_AMOUNT = 10_000;
    static final double MAX_FROM_HOME_KM = 1_500;
    static final double FRAUD_RATE = 0.013;
    private static final int DAYS = 30;
    private static final double MINUTES_PER_DAY = 24 * 60;

    private record Category(String name, double median, double sigma, double online, double legit, double fraud,
                            boolean cardPresentFraud) { }

    private static final List<Category> CATEGORIES = List.of(
            new Category("grocery", 35, 0.6, 0.08, 25, 2, false),
            new Category("restaurant", 28, 0.6, 0.05, 15, 1, false),
            new Category("fuel", 55, 0.4, 0.0, 10, 6, true),
            new Category("transport", 12, 0.7, 0.3, 8, 2, false),
            new Category("clothing", 60, 0.7, 0.35, 8, 5, true),
            new Category("electronics", 180, 0.9, 0.5, 4, 20, true),
            new Category("online_marketplace", 40, 0.9, 1.0, 10, 18, false),
            new Category("travel", 350, 0.8, 0.7, 2, 10, false),
            new Category("entertainment", 25, 0.7, 0.5, 6, 4, false),
            new Category("health", 40, 0.7, 0.1, 4, 1, false),
            new Category("utilities", 90, 0.5, 0.9, 4, 1, false),
            new Category("jewelry", 400, 0.9, 0.3, 0.5, 8, true),
            new Category("gambling", 50, 1.0, 0.9, 1, 12, false));

    private static final String[] REGIONS = {"north-east", "north-west", "yorkshire", "east-midlands",
        "west-midlands", "east", "london", "south-east", "south-west", "wales", "scotland", "northern-ireland"};
    private static final double[] REGION_WEIGHT = {4, 11, 8, 7, 9, 9, 13, 14, 8, 5, 8, 3};
    private static final double[][] REGION_CENTRE = {{420, 560}, {330, 450}, {430, 450}, {450, 330},
        {380, 290}, {560, 270}, {530, 180}, {500, 130}, {300, 90}, {280, 230}, {300, 750}, {120, 520}};
    private static final String[] INCOME = {"low", "lower_middle", "upper_middle", "high"};
    private static final double[] INCOME_SPEND = {0.6, 0.9, 1.2, 1.9};
    /** Relative weight of each hour for legitimate and for fraudulent transactions. */
    private static final double[] LEGIT_HOURS = {0.6, 0.3, 0.2, 0.15, 0.15, 0.3, 1.2, 3, 4.5, 5, 5.5, 6, 7.5, 7,
        6, 5.5, 6, 7, 7.5, 7, 6, 4.5, 3, 1.5};
    private static final double[] FRAUD_HOURS = {5, 6, 6.5, 6, 5, 3.5, 2, 1.5, 1.5, 1.5, 2, 2, 2, 2, 2, 2, 2, 2,
        2.5, 2.5, 3, 3.5, 4, 4.5};

    private final FraudConfig config;
    private RandomGenerator random;

    // customers
    private int customers;
    private int[] age;
    private int[] gender;
    private int[] region;
    private int[] income;
    private double[] homeX;
    private double[] homeY;
    private double[] spend;
    private double[] activityCdf;

    // transactions, in generation order
    private int n;
    private int[] customer;
    private double[] minute;
    private double[] amount;
    private int[] category;
    private boolean[] online;
    private boolean[] cardPresent;
    private double[] locX;
    private double[] locY;
    private boolean[] fraud;

    public FraudGenerator(FraudConfig config) {
        this.config = config;
    }

    /** The shipped declared schema (public bounds, {@code drop}, {@code privacyUnit customer_id}). */
    public static Schema schema() {
        return SchemaFiles.resource(SCHEMA_RESOURCE);
    }

    /** The rows in time order; every call (on any generator with the same config) gives the same rows. */
    public List<FraudRow> generate() {
        random = RandomGeneratorFactory.of("L64X128MixRandom").create(config.seed());
        n = 0;
        makeCustomers();
        allocate(config.rows());
        int fraudRows = (int) Math.round(config.rows() * FRAUD_RATE * (0.85 + 0.3 * random.nextDouble()));
        int legitRows = config.rows() - fraudRows;
        for (int i = 0; i < legitRows; i++) {
            legit();
        }
        while (n < config.rows()) {
            episode(config.rows() - n);
        }
        return rows();
    }

    /** Writes the rows as CSV (header row, RFC 4180) or JSON Lines, atomically. */
    public static void write(FraudConfig config, DataFormat format, Path out) {
        List<FraudRow> rows = new FraudGenerator(config).generate();
        AtomicFiles.write(out, o -> write(rows, format, o));
    }

    /** The rows as the CSV reader would read them from a written file, without writing one. */
    public static Table table(List<FraudRow> rows) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            write(rows, DataFormat.CSV, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
        return CsvReader.parse(bytes.toByteArray(), "fraud.csv", CsvReader.Options.HEADER, ReadLimits.DEFAULT);
    }

    public static void write(List<FraudRow> rows, DataFormat format, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> {
                out.write(CsvWriter.line(FraudRow.COLUMNS));
                for (FraudRow r : rows) {
                    out.write(CsvWriter.line(r.cells()));
                }
            }
            case JSONL -> {
                ObjectWriter w = JsonMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build()
                        .writerFor(FraudRow.class);
                for (FraudRow r : rows) {
                    out.write(w.writeValueAsBytes(r));
                    out.write('\n');
                }
            }
            default -> throw new UsageException("the fraud generator writes csv or jsonl, not " + format.id());
        }
    }

    private void makeCustomers() {
        customers = Math.max(1, config.rows() / 25);
        age = new int[customers];
        gender = new int[customers];
        region = new int[customers];
        income = new int[customers];
        homeX = new double[customers];
        homeY = new double[customers];
        spend = new double[customers];
        double[] regionCdf = cdf(REGION_WEIGHT);
        for (int c = 0; c < customers; c++) {
            age[c] = (int) Math.round(Math.clamp(44 + 16 * gaussian(), 18, 90));
            double g = random.nextDouble();
            gender[c] = g < 0.49 ? 0 : g < 0.98 ? 1 : 2;
            region[c] = pick(regionCdf);
            double wealth = 0.5 * gaussian() + (age[c] > 30 && age[c] < 65 ? 0.4 : 0) + (region[c] == 6 ? 0.3 : 0);
            income[c] = wealth < -0.3 ? 0 : wealth < 0.3 ? 1 : wealth < 0.9 ? 2 : 3;
            homeX[c] = REGION_CENTRE[region[c]][0] + 30 * gaussian();
            homeY[c] = REGION_CENTRE[region[c]][1] + 30 * gaussian();
            spend[c] = INCOME_SPEND[income[c]] * StrictMath.exp(0.3 * gaussian());
        }
        // Heavy-tailed activity (log-normal, sigma 0.9): most customers pay a few times a week, a few daily.
        double[] w = new double[customers];
        for (int i = 0; i < customers; i++) {
            w[i] = StrictMath.exp(0.9 * gaussian());
        }
        activityCdf = cdf(w);
    }

    private void allocate(int rows) {
        customer = new int[rows];
        minute = new double[rows];
        amount = new double[rows];
        category = new int[rows];
        online = new boolean[rows];
        cardPresent = new boolean[rows];
        locX = new double[rows];
        locY = new double[rows];
        fraud = new boolean[rows];
    }

    private static final double[] LEGIT_HOUR_CDF = cdf(LEGIT_HOURS);
    private static final double[] FRAUD_HOUR_CDF = cdf(FRAUD_HOURS);
    private static final double[] LEGIT_CATEGORY_CDF = cdf(CATEGORIES.stream().mapToDouble(Category::legit).toArray());
    private static final double[] FRAUD_CNP_CDF = cdf(CATEGORIES.stream()
            .mapToDouble(c -> c.online() >= 0.3 ? c.fraud() : 0).toArray());
    private static final double[] FRAUD_CP_CDF = cdf(CATEGORIES.stream()
            .mapToDouble(c -> c.cardPresentFraud() ? c.fraud() : 0).toArray());

    private void legit() {
        int c = pick(activityCdf);
        int cat = pick(LEGIT_CATEGORY_CDF);
        Category k = CATEGORIES.get(cat);
        boolean isOnline = random.nextDouble() < k.online();
        boolean present = !isOnline && random.nextDouble() > 0.03;
        double t = random.nextInt(DAYS) * MINUTES_PER_DAY + pick(LEGIT_HOUR_CDF) * 60 + random.nextDouble() * 60;
        double d;
        if (random.nextDouble() < 0.03) {
            d = 80 + 900 * random.nextDouble() * random.nextDouble(); // travelling
        } else {
            d = exponential(isOnline ? 4 : 7);
        }
        double a = logNormal(k.median() * spend[c], k.sigma());
        add(c, t, a, cat, isOnline, present, d, false);
    }

    /** One fraud episode of at most {@code room} rows on one victim. */
    private void episode(int room) {
        int c = random.nextInt(customers);
        double kind = random.nextDouble();
        double start = random.nextInt(DAYS) * MINUTES_PER_DAY + pick(FRAUD_HOUR_CDF) * 60 + random.nextDouble() * 60;
        if (kind < 0.12) { // a quiet test purchase: small, near home, online, any hour
            int cat = 6;
            add(c, start, logNormal(8, 0.6), cat, true, false, exponential(6), true);
            return;
        }
        boolean present = kind >= 0.72;
        int burst = Math.min(room, 1 + random.nextInt(present ? 4 : 6));
        double far = random.nextDouble() < (present ? 0.8 : 0.65) ? 150 + 1500 * random.nextDouble() : exponential(20);
        double t = start;
        for (int i = 0; i < burst; i++) {
            int cat = pick(present ? FRAUD_CP_CDF : FRAUD_CNP_CDF);
            Category k = CATEGORIES.get(cat);
            double a = logNormal(k.median() * 2.5, k.sigma());
            add(c, t, a, cat, !present, present, far + exponential(3), true);
            t += 2 + exponential(present ? 35 : 12);
        }
    }

    private void add(int c, double t, double a, int cat, boolean isOnline, boolean present, double distanceFromHome,
                     boolean isFraud) {
        double angle = 2 * Math.PI * random.nextDouble();
        customer[n] = c;
        minute[n] = Math.min(t, DAYS * MINUTES_PER_DAY - 1e-3);
        amount[n] = Math.clamp(a, 0.5, MAX_AMOUNT);
        category[n] = cat;
        online[n] = isOnline;
        cardPresent[n] = present;
        double d = Math.min(distanceFromHome, MAX_FROM_HOME_KM);
        locX[n] = homeX[c] + d * StrictMath.cos(angle);
        locY[n] = homeY[c] + d * StrictMath.sin(angle);
        fraud[n] = isFraud;
        n++;
    }

    /** Sorts by time (ties by generation order) and computes the velocity features per customer. */
    private List<FraudRow> rows() {
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (p, q) -> p.equals(q) ? 0 : minute[p] != minute[q]
                ? Double.compare(minute[p], minute[q]) : Integer.compare(p, q));
        int[][] history = new int[customers][];
        int[] historySize = new int[customers];
        int[] windowStart1h = new int[customers];
        int[] windowStart24h = new int[customers];
        double[] sum24h = new double[customers];
        List<FraudRow> out = new ArrayList<>(n);
        int idWidth = Math.max(8, Integer.toString(n).length());
        int custWidth = Math.max(6, Integer.toString(customers).length());
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            int c = customer[i];
            if (history[c] == null) {
                history[c] = new int[8];
            } else if (historySize[c] == history[c].length) {
                history[c] = Arrays.copyOf(history[c], history[c].length * 2);
            }
            int[] h = history[c];
            int size = historySize[c];
            while (windowStart1h[c] < size && minute[h[windowStart1h[c]]] <= minute[i] - 60) {
                windowStart1h[c]++;
            }
            while (windowStart24h[c] < size && minute[h[windowStart24h[c]]] <= minute[i] - MINUTES_PER_DAY) {
                sum24h[c] -= amount[h[windowStart24h[c]]];
                windowStart24h[c]++;
            }
            double fromLast = size == 0 ? StrictMath.hypot(locX[i] - homeX[c], locY[i] - homeY[c])
                    : StrictMath.hypot(locX[i] - locX[h[size - 1]], locY[i] - locY[h[size - 1]]);
            double fromHome = StrictMath.hypot(locX[i] - homeX[c], locY[i] - homeY[c]);
            int hour = (int) ((minute[i] % MINUTES_PER_DAY) / 60);
            out.add(new FraudRow(
                    "T" + pad(rank + 1, idWidth), "C" + pad(c + 1, custWidth), hour, round(amount[i], 2),
                    CATEGORIES.get(category[i]).name(), cardPresent[i] ? 1 : 0, online[i] ? 1 : 0,
                    round(fromHome, 1), round(fromLast, 1), size - windowStart1h[c], size - windowStart24h[c],
                    round(Math.max(0, sum24h[c]), 2), age[c], gender[c] == 0 ? "F" : gender[c] == 1 ? "M" : "X",
                    REGIONS[region[c]], INCOME[income[c]], fraud[i] ? 1 : 0));
            h[size] = i;
            historySize[c] = size + 1;
            sum24h[c] += amount[i];
        }
        return out;
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    private static double round(double v, int decimals) {
        double scale = decimals == 1 ? 10 : 100;
        return Math.round(v * scale) / scale;
    }

    private static double[] cdf(double[] weights) {
        double[] cdf = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            cdf[i] = total;
        }
        for (int i = 0; i < cdf.length; i++) {
            cdf[i] /= total;
        }
        return cdf;
    }

    private int pick(double[] cdf) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cdf.length - 1);
    }

    /** Standard normal by Box–Muller on our own uniforms (stable across JDKs, unlike nextGaussian's algorithm). */
    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    private double exponential(double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    private double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

}
