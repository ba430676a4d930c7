package org.mlgate.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.attack.extraction.Extraction;
import org.mlgate.attack.extraction.ExtractionOptions;
import org.mlgate.attack.extraction.ExtractionResult;
import org.mlgate.attack.oracle.Queries;
import org.mlgate.attack.oracle.Target;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import org.mlgate.serve.keys.Limits;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;
import org.mlgate.train.pkg.Packages;

/** Ranges the server withholds: the attack refuses to guess (exit 2) and uses the attacker's --features. */
class PublicRangesTest {
    @TempDir
    Path tmp;

    static Schema withheld() {
        return new Schema(List.of(new Feature.Numeric("amount", 0.0, 5000.0, Scale.LOG, Origin.DATA),
                new Feature.Numeric("hour", 0.0, 23.0),
                new Feature.Categorical("channel", List.of("web", "shop", "phone"))),
                new Label("fraud", List.of("0", "1")), List.of(), null);
    }

    @Test
    void withheldRangesStopTheAttackWithAUsageErrorNamingThem() throws Exception {
        try (LiveServer s = new LiveServer(Packages.write(tmp.resolve("m"), withheld(), List.of(), 5), "raw",
                Limits.NONE, tmp)) {
            assertThatThrownBy(() -> Target.open(s.predictUrl(), LiveServer.KEY, null))
                    .isInstanceOfSatisfying(MlgateException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                    .hasMessageContaining("[amount]").hasMessageContaining("--features");
            Path f = Files.writeString(tmp.resolve("ranges.json"), "{\"amount\": [0, 5000]}");
            Target t = Target.open(s.predictUrl(), LiveServer.KEY, f);
            ExtractionResult r = Extraction.run(t, new ExtractionOptions(ExtractionOptions.Method.AUTO, List.of(),
                    1000, 5, 7), new Queries(t.oracle(), 100, q -> { })).result();
            // the published log scale is kept, the attacker's range fills the bounds: exact extraction again
            assertThat(r.queries()).isEqualTo(1 + 2 + 2);
            assertThat(r.fidelity()).isGreaterThanOrEqualTo(0.999);
        }
    }

    @Test
    void malformedFeaturesFilesAreUsageErrorsNamingFileAndFeature() throws Exception {
        Path f = Files.writeString(tmp.resolve("bad.json"), "{\"amount\": [10, 1]}");
        assertThatThrownBy(() -> org.mlgate.attack.oracle.FeatureRanges.read(f))
                .isInstanceOfSatisfying(MlgateException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("bad.json").hasMessageContaining("amount");
        Path g = Files.writeString(tmp.resolve("unknown-key.json"), "{\"features\": [{\"name\": \"a\", \"min\": 0, "
                + "\"max\": 1, \"step\": 2}]}");
        assertThatThrownBy(() -> org.mlgate.attack.oracle.FeatureRanges.read(g)).hasMessageContaining("'step'");
    }
}
