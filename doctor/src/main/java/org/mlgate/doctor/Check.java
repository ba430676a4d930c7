package org.mlgate.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One line of the doctor's report: what was checked, the outcome, what was found and, for anything not OK, how to
 * fix it. {@code needed} says whether the default commands need it: a needed check that is not OK fails the doctor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(@JsonProperty("name") String name, @JsonProperty("status") Status status,
                    @JsonProperty("needed") boolean needed, @JsonProperty("detail") String detail,
                    @JsonProperty("fix") String fix) {
    /** The outcome of one check. */
    public enum Status {
        /** Works. */
        OK,
        /** Does not work; {@code fix} says what to do. */
        PROBLEM,
        /** Nothing is configured that would need it (e.g. no PostgreSQL URL): not checked, not a problem. */
        NOT_CONFIGURED,
        /** Optional and absent: a note, not a problem. */
        ABSENT;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Check ok(String name, boolean needed, String detail) {
        return new Check(name, Status.OK, needed, detail, null);
    }

    public static Check problem(String name, boolean needed, String detail, String fix) {
        return new Check(name, Status.PROBLEM, needed, detail, fix);
    }

    /** True when this check fails the doctor: needed and not OK. */
    public boolean fails() {
        return needed && status == Status.PROBLEM;
    }
}
