package org.mlgate.train.dpsgd;

/** What one DP guarantee protects: a row (example-level DP) or all rows of one user (user-level DP). */
public enum PrivacyUnit {
    /** Each row is sampled, clipped and protected on its own. */
    ROW,
    /**
     * Users are sampled with probability q; a user's contribution is the sum of the per-example gradients of all
     * their rows, clipped as one vector (McMahan et al. 2018, "Learning differentially private recurrent
     * language models", user-level DP-SGD with per-user clipping).
     */
    USER
}
