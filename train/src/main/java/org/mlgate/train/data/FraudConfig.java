package org.mlgate.train.data;

/**
 * What {@link FraudGenerator} makes: {@code rows} transactions from the explicit {@code seed}. The seed is
 * the point: the same seed gives the same file, byte for byte, on every JDK.
 */
public record FraudConfig(int rows, long seed) {
    public static final int MAX_ROWS = 5_000_000;

    public FraudConfig {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows must be in 1.." + MAX_ROWS + ", got " + rows);
        }
    }
}
