package org.mlgate.attack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;

/**
 * The fields every attack reports, in one place so a suite can collect any result by them: which attack and method,
 * the target and what it says about itself, the queries counted against the budget ({@code queries}) and outside it
 * ({@code eval_queries}), whether the target stopped answering, and the seed. Each result unwraps it at its top
 * level ({@code --format json} stays one flat object).
 *
 * @param stopped    the target refused to answer more (HTTP 429 / 403); running out of the attack's own budget is
 *                   not a stop ({@code stop_reason} still says {@code attack_budget})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"attack", "method", "target", "model_sha256", "policy", "observed_output", "queries",
    "eval_queries", "budget", "stopped", "stop_reason", "seed"})
public record AttackRun(@JsonProperty("attack") String attack, @JsonProperty("method") String method,
                        @JsonProperty("target") String target, @JsonProperty("model_sha256") String modelSha256,
                        @JsonProperty("policy") String policy,
                        @JsonProperty("observed_output") String observedOutput,
                        @JsonProperty("queries") long queries, @JsonProperty("eval_queries") long evalQueries,
                        @JsonProperty("budget") long budget, @JsonProperty("stopped") boolean stopped,
                        @JsonProperty("stop_reason") String stopReason, @JsonProperty("seed") long seed) {

    /** The run's common fields as the counter left them. */
    public static AttackRun of(String attack, String method, Target target, String observedOutput, Queries queries,
                               long seed) {
        String stop = queries.stopped();
        return new AttackRun(attack, method, target.oracle().describe(), target.modelSha256(), target.policy(),
                observedOutput, queries.used(), queries.evalQueries(), queries.budget(),
                stop != null && !"attack_budget".equals(stop), stop, seed);
    }
}
