package org.mlgate.attack.membership;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.mlgate.attack.AttackResult;
import org.mlgate.attack.AttackRun;

/**
 * One membership-inference run, as {@code --format json} prints it (the shared {@link AttackRun} fields at the top
 * level). Members and non-members are balanced (equal counts). {@code tpr_at_0_1_fpr} on fewer than 1,000
 * non-members means "at zero false positives". Metrics are null when the target stopped before both sides had an
 * answer. {@code shadow_models} counts the models the attacker trained itself (shadow and LiRA attacks).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "members", "non_members", "auc", "auc_ci", "tpr_at_0_1_fpr", "tpr_at_0_1_fpr_ci",
    "tpr_at_1_fpr", "tpr_at_1_fpr_ci", "shadow_models"})
public record MembershipResult(@JsonUnwrapped AttackRun run,
                               @JsonProperty("members") int members,
                               @JsonProperty("non_members") int nonMembers,
                               @JsonProperty("auc") Double auc,
                               @JsonProperty("auc_ci") List<Double> aucCi,
                               @JsonProperty("tpr_at_0_1_fpr") Double tprAt01,
                               @JsonProperty("tpr_at_0_1_fpr_ci") List<Double> tprAt01Ci,
                               @JsonProperty("tpr_at_1_fpr") Double tprAt1,
                               @JsonProperty("tpr_at_1_fpr_ci") List<Double> tprAt1Ci,
                               @JsonProperty("shadow_models") Integer shadowModels) implements AttackResult { }
