package org.mlgate.train.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlgate.core.UsageException;

/**
 * The Rényi orders an {@link RdpAccountant} evaluates and how it converts to (ε, δ). {@link #DP_ACCOUNTING} is
 * dp_accounting's {@code DEFAULT_RDP_ORDERS} with the improved conversion (the default everywhere);
 * {@link #LEGACY_BASIC} is the older TF-Privacy/Opacus grid with the basic conversion, to reproduce published
 * figures.
 */
public record RdpConfig(List<Double> orders, RdpConversion conversion) {
    /** 1.1, 1.2, …, 10.9, then 11 … 63, then 128, 256, 512, 1024; improved conversion. */
    public static final RdpConfig DP_ACCOUNTING = new RdpConfig(grid(11, List.of(128.0, 256.0, 512.0, 1024.0)),
            RdpConversion.IMPROVED);
    /** 1.1, 1.2, …, 10.9, then 12 … 63; basic conversion. */
    public static final RdpConfig LEGACY_BASIC = new RdpConfig(grid(12, List.of()), RdpConversion.BASIC);

    public RdpConfig {
        Objects.requireNonNull(conversion, "conversion");
        orders = List.copyOf(orders);
        if (orders.isEmpty()) {
            throw new UsageException("at least one RDP order is needed");
        }
        for (double a : orders) {
            if (!(a > 1) || Double.isInfinite(a)) {
                throw new UsageException("RDP orders must be finite and greater than 1, got " + a);
            }
        }
    }

    private static List<Double> grid(int firstInteger, List<Double> tail) {
        List<Double> out = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            out.add(1 + x / 10.0);
        }
        for (int a = firstInteger; a < 64; a++) {
            out.add((double) a);
        }
        out.addAll(tail);
        return out;
    }
}
