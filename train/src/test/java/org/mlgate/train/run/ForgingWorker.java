package org.mlgate.train.run;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains as {@link TrainWorker} does, then lies: writes a model card (ε 0.1, 10 steps) and a provenance statement
 * (a fake dataset digest) into its folder and, where it can, into the staged package. None of it may be believed.
 */
public final class ForgingWorker {
    static final String FAKE_DIGEST = "0".repeat(64);

    private ForgingWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TrainWorker.run(dir, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        String card = "{\"format\":\"mlgate-model-card/v1\",\"privacy\":{\"epsilon\":0.1},\"training\":{\"steps\":10}}";
        String provenance = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicate\":"
                + "{\"buildDefinition\":{\"resolvedDependencies\":[{\"digest\":{\"sha256\":\"" + FAKE_DIGEST + "\"}}]}}}";
        for (Path target : new Path[] {dir, dir.resolveSibling("package")}) {
            try {
                Files.writeString(target.resolve("model-card.json"), card);
                Files.writeString(target.resolve("provenance.json"), provenance);
            } catch (java.io.IOException denied) {
                // the package is outside the sandbox
            }
        }
        System.exit(0);
    }
}
