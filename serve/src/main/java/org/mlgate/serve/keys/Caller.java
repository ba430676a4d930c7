package org.mlgate.serve.keys;

import org.mlgate.serve.policy.OutputPolicy;

/**
 * An authenticated caller: the key's id (the HMAC of the key, safe to log) and its own settings, each null when the
 * server's apply.
 */
public record Caller(String keyId, OutputPolicy policy, Long budget, Long dailyBudget) { }
