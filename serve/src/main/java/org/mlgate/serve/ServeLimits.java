package org.mlgate.serve;

import org.mlgate.core.UsageException;

/** Request limits: body bytes ({@code --max-body}, default 1 MiB) and instances per request ({@code --max-batch}). */
public record ServeLimits(int maxBody, int maxBatch) {
    public static final ServeLimits DEFAULT = new ServeLimits(1 << 20, 1000);

    public ServeLimits {
        if (maxBody < 64 || maxBody > (64 << 20)) {
            throw new UsageException("--max-body must be 64 bytes to 64 MiB");
        }
        if (maxBatch < 1 || maxBatch > 100_000) {
            throw new UsageException("--max-batch must be 1 to 100000");
        }
    }
}
