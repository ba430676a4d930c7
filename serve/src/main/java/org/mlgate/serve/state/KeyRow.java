package org.mlgate.serve.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A stored API key: its id (the HMAC of the key), never the key. */
public record KeyRow(@JsonProperty("id") String id, @JsonProperty("created_at") Instant createdAt,
                     @JsonProperty("name") String name, @JsonProperty("policy") String policy,
                     @JsonProperty("budget") Long budget, @JsonProperty("daily_budget") Long dailyBudget,
                     @JsonProperty("revoked_at") Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
