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
    private static void namesFile(RuntimeException e, String file) {
        if (e.getMessage() == null || !e.getMessage().contains(file)) {
            throw new AssertionError("the error does not name " + file + ": " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void weights(byte @NotNull @WithLength(max = 1 << 16) [] data) {
        Model m;
        try {
            m = ModelFiles.load(data, "model.safetensors");
        } catch (IncompleteException e) {
            namesFile(e, "model.safetensors");
            return;
        }
        for (float p : m.parameters()) {
            if (!Float.isFinite(p)) {
                throw new AssertionError("accepted a non-finite parameter");
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void card(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            ModelPackage.readCard(data, Path.of("model-card.json"));
        } catch (PolicyException e) {
            namesFile(e, "model-card.json");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void suppressions(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            SuppressionFiles.parse(new ByteArrayInputStream(data), "suppressions.yml");
        } catch (UsageException e) {
            namesFile(e, "suppressions.yml");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void profile(byte @NotNull @WithLength(max = 1 << 14) [] data) {
        try {
            ProfileFiles.parse(new ByteArrayInputStream(data), "profile.yml");
        } catch (UsageException e) {
            namesFile(e, "profile.yml");
        }
    }
}
