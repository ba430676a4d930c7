package org.mlgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.PolicyException;
import org.mlgate.core.UsageException;
import org.mlgate.scan.policy.ProfileFiles;
import org.mlgate.scan.suppress.SuppressionFiles;
import org.mlgate.train.model.Model;
import org.mlgate.train.model.ModelFiles;
import org.mlgate.train.pkg.ModelPackage;

/**
 * Files that decide what is served or what a scan reports: a model package's weights (what {@code serve} and the
 * training parent load) and its model card, and the scanner's suppression and profile files. Each may only be
 * refused with its documented error naming the file; accepted weights hold only finite parameters.
 */
class PackageFilesFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void weights(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        Model m = FuzzFiles.readOrRefused(() -> ModelFiles.load(data, "model.safetensors"), "model.safetensors",
                IncompleteException.class);
        for (float p : m == null ? new float[0] : m.parameters()) {
            if (!Float.isFinite(p)) {
                throw new AssertionError("accepted a non-finite parameter");
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void card(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        FuzzFiles.readOrRefused(() -> ModelPackage.readCard(data, Path.of("model-card.json")), "model-card.json",
                PolicyException.class);
    }

    @FuzzTest(maxDuration = "2m")
    void suppressions(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        FuzzFiles.readOrRefused(() -> SuppressionFiles.parse(new ByteArrayInputStream(data), "suppressions.yml"),
                "suppressions.yml", UsageException.class);
    }

    @FuzzTest(maxDuration = "2m")
    void profile(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        FuzzFiles.readOrRefused(() -> ProfileFiles.parse(new ByteArrayInputStream(data), "profile.yml"),
                "profile.yml", UsageException.class);
    }
}
