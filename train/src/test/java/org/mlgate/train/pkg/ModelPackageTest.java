package org.mlgate.train.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.train.data.Feature;
import org.mlgate.train.data.Label;
import org.mlgate.train.data.Origin;
import org.mlgate.train.data.Scale;
import org.mlgate.train.data.Schema;
import org.mlgate.train.data.SchemaFiles;
import org.mlgate.train.data.Unseen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test breaks one thing of a consistent package; the test name is the defect. */
class ModelPackageTest {
    @TempDir
    Path tmp;

    static Schema schema() {
        return new Schema(List.of(new Feature.Numeric("amount", 0.0, 1000.0, Scale.LOG, Origin.DECLARED),
                new Feature.Numeric("hour", 0.0, 23.0),
                new Feature.Categorical("channel", List.of("web", "shop")),
                new Feature.Categorical("merchant", List.of("grocery", "fuel"), Unseen.OTHER, Origin.DECLARED)),
                new Label("fraud", List.of("0", "1")), List.of("id"), null);
    }

    private Path valid() throws Exception {
        return Packages.write(tmp.resolve("pkg"), schema(), List.of(), 7);
    }

    private static MlgateException refusal(Path dir) {
        try {
            ModelPackage.open(dir);
        } catch (MlgateException e) {
            return e;
        }
        throw new AssertionError("the package opened");
    }

    @Test
    void consistentPackageOpensAndItsAllowedExtrasAreAccepted() throws Exception {
        Path dir = valid();
        Files.writeString(dir.resolve("model.sig"), "{}");
        Files.writeString(dir.resolve("data.csv.sig"), "{}");
        Files.writeString(dir.resolve("sanitize-report.json"), "{}");
        ModelPackage p = ModelPackage.open(dir);
        assertThat(p.card().model().kind()).isEqualTo("lr");
        assertThat(p.schema()).isEqualTo(schema());
        assertThat(p.freeze().classes()).containsExactly("0", "1");
        assertThat(ModelPackage.isPackage(dir)).isTrue();
    }

    @Test
    void weightsDigestMismatchNamesBothSides() throws Exception {
        Path dir = valid();
        byte[] w = Files.readAllBytes(dir.resolve("model.safetensors"));
        w[w.length - 1] ^= 0x01; // one weight changed
        Files.write(dir.resolve("model.safetensors"), w);
        MlgateException e = refusal(dir);
        assertThat(e).isInstanceOf(PolicyException.class);
        assertThat(e.getMessage()).matches("model\\.safetensors: sha256 [0-9a-f]{64} does not match "
                + "model-card\\.json model\\.sha256 [0-9a-f]{64}");
    }

    @Test
    void cardUnknownFieldIsNamed() throws Exception {
        Path dir = valid();
        String card = Files.readString(dir.resolve("model-card.json"));
        Files.writeString(dir.resolve("model-card.json"), card.replaceFirst("\\{", "{\"approved\": true,"));
        MlgateException e = refusal(dir);
        assertThat(e.kind()).isEqualTo(FailureKind.POLICY);
        assertThat(e.getMessage()).contains("model-card.json", "unknown field 'approved'");
    }

    @Test
    void cardUnknownNestedFieldIsNamedWithItsPath() throws Exception {
        Path dir = valid();
        String card = Files.readString(dir.resolve("model-card.json"));
        Files.writeString(dir.resolve("model-card.json"), card.replace("\"kind\" : \"lr\"",
                "\"kind\" : \"lr\", \"trusted\" : true"));
        assertThat(refusal(dir).getMessage()).contains("model-card.json", "model.trusted", "unknown field 'trusted'");
    }

    @Test
    void cardWrongTypeIsNamed() throws Exception {
        Path dir = valid();
        String card = Files.readString(dir.resolve("model-card.json"));
        Files.writeString(dir.resolve("model-card.json"), card.replace("\"features\" : 7", "\"features\" : \"seven\""));
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class).hasMessageContaining("model.features");
    }

    @Test
    void cardThatIsNotUtf8IsAPolicyRefusalNotAnIoError() throws Exception {
        // Found by PackageFilesFuzzTest: NULs before the JSON made Jackson read UTF-32 and fail as "cannot read".
        Path dir = valid();
        byte[] card = Files.readAllBytes(dir.resolve("model-card.json"));
        byte[] prefixed = new byte[card.length + 3];
        System.arraycopy(card, 0, prefixed, 3, card.length);
        Files.write(dir.resolve("model-card.json"), prefixed);
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class).hasMessageContaining("model-card.json");
        Files.write(dir.resolve("model-card.json"), new byte[] {'{', (byte) 0xFF, '}'});
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class).hasMessageEndingWith("model-card.json: not UTF-8");
    }

    @Test
    void cardForeignFormatIsRefused() throws Exception {
        Path dir = valid();
        String card = Files.readString(dir.resolve("model-card.json"));
        Files.writeString(dir.resolve("model-card.json"), card.replace("mlgate-model-card/v1", "other/v9"));
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class).hasMessageContaining("format");
    }

    @Test
    void schemaWidthMismatchIsNamed() throws Exception {
        Path dir = valid();
        Schema s = schema();
        List<Feature> more = new ArrayList<>(s.features());
        more.add(new Feature.Numeric("age", 18.0, 100.0));
        SchemaFiles.write(new Schema(more, s.label(), s.drop(), null), dir.resolve("schema.json"));
        MlgateException e = refusal(dir);
        assertThat(e).isInstanceOf(PolicyException.class);
        assertThat(e.getMessage()).isEqualTo("schema.json: encodes 8 model inputs; model.safetensors takes 7");
    }

    @Test
    void schemaThatDiffersFromTheCardsIsRefused() throws Exception {
        Path dir = valid();
        Schema s = schema();
        List<Feature> f = new ArrayList<>(s.features());
        f.set(1, new Feature.Numeric("hour", 0.0, 24.0)); // same width, other bounds
        SchemaFiles.write(new Schema(f, s.label(), s.drop(), null), dir.resolve("schema.json"));
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class)
                .hasMessage("model-card.json: schema section does not match schema.json");
    }

    @Test
    void unexpectedFileIsNamed() throws Exception {
        Path dir = valid();
        Files.writeString(dir.resolve("loader.py"), "import os");
        MlgateException e = refusal(dir);
        assertThat(e).isInstanceOf(PolicyException.class);
        assertThat(e.getMessage()).contains("unexpected file loader.py");
    }

    @Test
    void missingRequiredFileIsAUsageError() throws Exception {
        Path dir = valid();
        Files.delete(dir.resolve("provenance.json"));
        assertThat(refusal(dir)).isInstanceOf(UsageException.class).hasMessageContaining("provenance.json missing");
        assertThat(refusal(tmp.resolve("nope"))).isInstanceOf(UsageException.class);
    }

    @Test
    void provenanceOfAnotherModelIsRefused() throws Exception {
        Path dir = valid();
        Path other = Packages.write(tmp.resolve("other"), schema(), List.of(), 8);
        Files.copy(other.resolve("provenance.json"), dir.resolve("provenance.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("provenance.json: no subject carries model.safetensors's sha256");
    }

    @Test
    void weightsThatAreNotAModelAreRefused() throws Exception {
        Path dir = valid();
        String old = org.mlgate.core.Digest.sha256(dir.resolve("model.safetensors")).hex();
        byte[] junk = {1, 2, 3};
        Files.write(dir.resolve("model.safetensors"), junk);
        String card = Files.readString(dir.resolve("model-card.json"));
        Files.writeString(dir.resolve("model-card.json"), card.replace(old,
                org.mlgate.core.Digest.sha256(junk).hex()));
        assertThat(refusal(dir)).isInstanceOf(PolicyException.class).hasMessageContaining("model.safetensors");
    }

    @Test
    void modelCopyIsIndependent() throws Exception {
        ModelPackage p = ModelPackage.open(valid());
        Predictor before = p.freeze();
        double[] x = before.predict(Map.of("amount", 10, "hour", 3, "channel", "web", "merchant", "fuel"));
        p.modelCopy().parameters()[0] += 100f;
        assertThat(p.freeze().predict(Map.of("amount", 10, "hour", 3, "channel", "web", "merchant", "fuel")))
                .containsExactly(x);
    }
}
