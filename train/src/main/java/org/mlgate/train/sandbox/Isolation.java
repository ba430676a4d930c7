package org.mlgate.train.sandbox;

/** How a training step is isolated; the model card and the provenance record its {@link #label()}. */
public enum Isolation {
    /**
     * A child JVM under bubblewrap ({@code /usr/bin/bwrap}, never looked up on {@code PATH}): new user, PID (own
     * {@code /proc}), network, IPC, UTS and cgroup namespaces, a read-only root holding only the system libraries,
     * the JDK and mlgate's class path, a private {@code /tmp} and {@code /dev/shm}, one writable folder, an empty
     * environment, no capabilities, {@code no_new_privs}, uid 65534 inside. Proven by {@link IsolationProof} before
     * any row is read.
     */
    BUBBLEWRAP("bubblewrap"),
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
