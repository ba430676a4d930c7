package org.mlgate.serve.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One audited request: who asked (key id, never the key), which model, a digest of the input, what was answered. */
public record AuditEntry(@JsonProperty("seq") Long seq, @JsonProperty("request_id") String requestId,
                         @JsonProperty("key_id") String keyId, @JsonProperty("at") Instant at,
                         @JsonProperty("model") String model, @JsonProperty("model_sha256") String modelSha256,
                         @JsonProperty("input_sha256") String inputSha256,
                         @JsonProperty("predictions") int predictions, @JsonProperty("policy") String policy,
                         @JsonProperty("status") int status, @JsonProperty("reason") String reason,
                         @JsonProperty("output") String output) { }
