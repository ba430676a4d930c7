package org.mlgate.train.privacy;

import java.util.List;
import java.util.Objects;

/**
 * Rényi-DP accountant for DP-SGD, a port of Google dp_accounting's {@code RdpAccountant} for
 * {@code SelfComposedDpEvent(PoissonSampledDpEvent(q, GaussianDpEvent(σ)), steps)}: RDP per order
 * ({@link SubsampledGaussianRdp}), composed by multiplying by the number of steps (RDP adds up under
 * composition), then converted to ε at δ by {@link RdpConversion}, minimised over the orders.
 */
public final class RdpAccountant implements Accountant {
    private final RdpConfig config;
    private final double[] orders;

    public RdpAccountant(RdpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        List<Double> o = config.orders();
        this.orders = new double[o.size()];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = o.get(i);
        }
    }

    public RdpConfig config() {
        return config;
    }

    @Override
    public AccountantKind kind() {
        return AccountantKind.RDP;
    }

    /** RDP of a single step at each configured order (same order as {@link RdpConfig#orders()}). */
    public double[] rdpPerStep(double samplingRate, double noiseMultiplier) {
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = SubsampledGaussianRdp.rdp(samplingRate, noiseMultiplier, orders[i]);
        }
        return rdp;
    }

    @Override
    public Epsilon.Rdp epsilon(AccountingQuery query) {
        return epsilon(rdpPerStep(query.samplingRate(), query.noiseMultiplier()), query.steps(), query.delta());
    }

    /**
     * ε after {@code steps} steps, from per-step RDP values as {@link #rdpPerStep} returns them: cheap, so a
     * budget can ask it before every step. Ties go to the first order, as NumPy's argmin does.
     */
    public Epsilon.Rdp epsilon(double[] rdpPerStep, long steps, double delta) {
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.length; i++) {
            double eps = config.conversion().epsilon(orders[i], rdpPerStep[i] * steps, delta);
            if (eps < best) {
                best = eps;
                bestOrder = orders[i];
            }
        }
        return new Epsilon.Rdp(Math.max(0.0, best), bestOrder);
    }
}
