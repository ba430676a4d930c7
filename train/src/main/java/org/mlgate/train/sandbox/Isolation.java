package org.mlgate.train.sandbox;

/** How a training step is isolated; the model card records its {@link #label()}. */
public enum Isolation {
    /**
     * A child JVM in new network and mount namespaces ({@code unshare} from util-linux): no network interface but
     * a loopback that is down, and the whole file system read-only except the output folder.
     */
    NETWORK_NAMESPACE("network-namespace"),
    /** No isolation ({@code --no-sandbox}). */
    NONE("none");

    private final String label;

    Isolation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
