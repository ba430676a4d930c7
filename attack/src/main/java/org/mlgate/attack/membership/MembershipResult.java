package org.mlgate.attack.membership;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One membership-inference run, as {@code --format json} prints it. Members and non-members are balanced (equal
 * counts). {@code tpr_at_0_1_fpr} on fewer than 1,000 non-members means "at zero false positives". Metrics are null
 * when the target stopped before both sides had an answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"attack", "method", "target", "model_sha256", "policy", "observed_output", "queries",
    "eval_queries", "budget", "stopped", "stop_reason", "members", "non_members", "auc", "auc_ci",
    "tpr_at_0_1_fpr", "tpr_at_0_1_fpr_ci", "tpr_at_1_fpr", "tpr_at_1_fpr_ci", "seed"})
public record MembershipResult(@JsonProperty("attack") String attack, @JsonProperty("method") String method,
                               @JsonProperty("target") String target,
                               @JsonProperty("model_sha256") String modelSha256,
                               @JsonProperty("policy") String policy,
                               @JsonProperty("observed_output") String observedOutput,
                               @JsonProperty("queries") long queries,
                               @JsonProperty("eval_queries") long evalQueries,
                               @JsonProperty("budget") long budget,
                               @JsonProperty("stopped") boolean stopped,
                               @JsonProperty("stop_reason") String stopReason,
                               @JsonProperty("members") int members,
                               @JsonProperty("non_members") int nonMembers,
                               @JsonProperty("auc") Double auc,
                               @JsonProperty("auc_ci") List<Double> aucCi,
                               @JsonProperty("tpr_at_0_1_fpr") Double tprAt01,
                               @JsonProperty("tpr_at_0_1_fpr_ci") List<Double> tprAt01Ci,
                               @JsonProperty("tpr_at_1_fpr") Double tprAt1,
                               @JsonProperty("tpr_at_1_fpr_ci") List<Double> tprAt1Ci,
                               @JsonProperty("seed") long seed) { }
