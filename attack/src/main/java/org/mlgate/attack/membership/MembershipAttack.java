package org.mlgate.attack.membership;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.UsageException;

/**
 * One membership-inference run as a front asks for it: which attack, where members and non-members come from, and the
 * attack's own settings. Every combination is checked ({@link Request}) before the target is asked anything.
 */
public final class MembershipAttack {
    private MembershipAttack() {
    }

    /** The attacks. AUTO: the loss threshold when scores are shown, the label-only gap otherwise. */
    public enum Method {
        AUTO, THRESHOLD, LIRA_OFFLINE, LIRA_ONLINE, LABEL_PERTURBATION;

        public String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.spelling().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new UsageException("--method must be one of " + Arrays.stream(values()).map(Method::spelling)
                    .toList() + ", got '" + text + "'");
        }

        public boolean lira() {
            return this == LIRA_OFFLINE || this == LIRA_ONLINE;
        }
    }

    /** Members and non-members: a split saved by {@code mlgate train --save-split} with its data, or two files. */
    public sealed interface Rows {
        record Split(Path split, Path data) implements Rows { }

        record Files(Path members, Path nonMembers) implements Rows { }

        /** From the options as given (null: not given); exactly one complete pair is accepted. */
        static Rows of(Path split, Path data, Path members, Path nonMembers) {
            boolean bySplit = split != null || data != null;
            boolean byFiles = members != null || nonMembers != null;
            if (bySplit == byFiles || bySplit && (split == null || data == null)
                    || byFiles && (members == null || nonMembers == null)) {
                throw new UsageException("give --split FILE --data FILE, or --members FILE --non-members FILE");
            }
            return bySplit ? new Split(split, data) : new Files(members, nonMembers);
        }
    }

    /**
     * @param attackerData the attacker's own labelled rows: required by LiRA (its shadow models), refused otherwise
     * @param shadow       LiRA's shadow training (ignored by the other attacks)
     */
    public record Request(Method method, Rows rows, Path attackerData, ShadowConfig shadow, int perturbations,
                          double noise, long seed) {
        public Request {
            if (method.lira() != (attackerData != null)) {
                throw new UsageException(method.lira() ? "LiRA trains shadow models on the attacker's own labelled "
                        + "rows: give --attacker-data FILE" : "--attacker-data is used only by --method lira-offline "
                        + "or lira-online");
            }
        }
    }

    public static MembershipResult run(Target t, Request r, Queries q) {
        LabeledRows[] sides = switch (r.rows()) {
            case Rows.Split s -> LabeledRows.fromSplit(s.split(), s.data(), t.space());
            case Rows.Files f -> new LabeledRows[] {LabeledRows.read(f.members(), t.space()),
                LabeledRows.read(f.nonMembers(), t.space())};
        };
        return switch (r.method()) {
            case LIRA_OFFLINE, LIRA_ONLINE -> Lira.run(t, sides[0], sides[1], LabeledRows.read(r.attackerData(),
                    t.space()), r.shadow(), r.method() == Method.LIRA_ONLINE, q, r.seed());
            case LABEL_PERTURBATION -> LabelPerturbation.run(t, sides[0], sides[1], r.perturbations(), r.noise(), q,
                    r.seed());
            case AUTO, THRESHOLD -> MembershipInference.run(t, sides[0], sides[1], q, r.seed());
        };
    }
}
