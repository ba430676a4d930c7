package org.mlgate.attack;

/**
 * What every attack returns: the shared {@link AttackRun} (unwrapped into the top level of the JSON object) plus
 * its own metrics. The accessors below read the shared fields without repeating them in each result.
 */
public interface AttackResult {
    AttackRun run();

    default String attack() {
        return run().attack();
    }

    default String method() {
        return run().method();
    }

    default String observedOutput() {
        return run().observedOutput();
    }

    default long queries() {
        return run().queries();
    }

    default long evalQueries() {
        return run().evalQueries();
    }

    default boolean stopped() {
        return run().stopped();
    }

    default String stopReason() {
        return run().stopReason();
    }

    default long seed() {
        return run().seed();
    }
}
