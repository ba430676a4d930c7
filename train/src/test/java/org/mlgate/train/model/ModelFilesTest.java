package org.mlgate.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.tensors.Dtype;
import org.mlgate.tensors.SafeTensors;
import org.mlgate.tensors.SafeTensorsWriter;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void mlpRoundTripsThroughSafetensors() throws Exception {
        Mlp m = Mlp.seededForTests(4, List.of(8, 5), 3, 9);
        Path f = dir.resolve("mlp.safetensors");
        ModelFiles.save(m, f);
        try (SafeTensors st = SafeTensors.open(f)) {
            assertThat(st.tensors()).containsExactlyInAnyOrder("layers.0.weight", "layers.0.bias", "layers.1.weight",
                    "layers.1.bias", "layers.2.weight", "layers.2.bias");
            assertThat(st.tensor("layers.0.weight").shape()).containsExactly(8L, 4L);
            assertThat(st.tensor("layers.2.bias").shape()).containsExactly(3L);
            assertThat(st.metadata().get(ModelFiles.ARCHITECTURE_KEY)).contains("\"kind\":\"mlp\"", "\"hidden\":[8,5]");
            // PyTorch layout: layers.0.weight[j][i] is the flat parameter j*in + i
            assertThat(st.tensor("layers.0.weight").getFloat(1 * 4 + 2)).isEqualTo(m.parameters()[1 * 4 + 2]);
        }
        Model back = ModelFiles.load(f);
        assertThat(back).isInstanceOf(Mlp.class);
        assertThat(back.architecture()).isEqualTo(m.architecture());
        assertThat(back.parameters()).containsExactly(m.parameters());
        float[] x = {0.1f, -2f, 3f, 0.5f, 1f, 1f, 1f, 1f};
        assertThat(back.predictProbabilities(x, 2)).containsExactly(m.predictProbabilities(x, 2));
    }

    @Test
    void logisticRegressionRoundTrips() throws Exception {
        LogisticRegression m = LogisticRegression.create(3, 2);
        m.parameters()[1] = 0.25f;
        Path f = dir.resolve("lr.safetensors");
        ModelFiles.save(m, f);
        Model back = ModelFiles.load(f);
        assertThat(back).isInstanceOf(LogisticRegression.class);
        assertThat(back.architecture().head()).isEqualTo(Architecture.Head.SIGMOID);
        assertThat(back.parameters()).containsExactly(m.parameters());
    }

    @Test
    void failsClosedOnAForeignOrInconsistentFile() throws Exception {
        Path plain = dir.resolve("plain.safetensors");
        new SafeTensorsWriter().add("w", Dtype.F32, List.of(1L), new byte[4]).write(plain);
        assertThatThrownBy(() -> ModelFiles.load(plain)).isInstanceOf(IncompleteException.class)
                .hasMessageContaining("not an mlgate model");
        Path wrong = dir.resolve("wrong.safetensors");
        new SafeTensorsWriter().metadata(ModelFiles.ARCHITECTURE_KEY,
                        "{\"format\":\"mlgate-model/v1\",\"kind\":\"logistic_regression\",\"features\":2,\"hidden\":[],"
                                + "\"classes\":2,\"activation\":\"relu\",\"head\":\"sigmoid\"}")
                .add("layers.0.weight", Dtype.F32, List.of(1L, 3L), new byte[12])
                .add("layers.0.bias", Dtype.F32, List.of(1L), new byte[4]).write(wrong);
        assertThatThrownBy(() -> ModelFiles.load(wrong)).isInstanceOf(IncompleteException.class)
                .hasMessageContaining("layers.0.weight").hasMessageContaining("expected F32 [1, 2]");
        Path deep = dir.resolve("deep.safetensors");
        new SafeTensorsWriter().metadata(ModelFiles.ARCHITECTURE_KEY,
                        "{\"format\":\"mlgate-model/v1\",\"kind\":\"mlp\",\"features\":2,\"hidden\":[2,2,2,2],"
                                + "\"classes\":2,\"activation\":\"relu\",\"head\":\"softmax\"}")
                .add("layers.0.weight", Dtype.F32, List.of(1L, 2L), new byte[8]).write(deep);
        assertThatThrownBy(() -> ModelFiles.load(deep)).isInstanceOf(IncompleteException.class)
                .hasMessageContaining("invalid architecture metadata");
    }

    @Test
    void architectureIsValidatedOnce() {
        assertThatThrownBy(() -> Architecture.mlp(3, List.of(4, 4, 4, 4), 2)).isInstanceOf(UsageException.class)
                .hasMessageContaining("1..3 hidden layers");
        assertThatThrownBy(() -> Architecture.mlp(3, List.of(), 2)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Architecture.logisticRegression(3, 1)).isInstanceOf(UsageException.class);
        assertThat(Architecture.mlp(30, List.of(64), 2).parameterCount()).isEqualTo(30 * 64 + 64 + 64 * 2 + 2);
        assertThat(Architecture.logisticRegression(30, 2).parameterCount()).isEqualTo(31);
        assertThat(Architecture.logisticRegression(30, 3).parameterCount()).isEqualTo(93);
    }
}
