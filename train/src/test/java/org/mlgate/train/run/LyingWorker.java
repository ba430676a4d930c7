package org.mlgate.train.run;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains, then returns what the parent must refuse, chosen by the output folder's name: {@code steps} claims 10
 * steps; {@code link} replaces the weights by a symbolic link (to the host's {@code /etc/hostname} if the parent
 * followed it); {@code nan} returns weights with a NaN.
 */
public final class LyingWorker {
    private LyingWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TrainWorker.run(dir, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        String how = dir.getParent().getFileName().toString();
        if (how.startsWith(".steps")) {
            Files.writeString(dir.resolve(TrainWorker.RESULT), "{\"steps\":10,\"rows_processed\":10,\"final_loss\":0.1}");
        } else if (how.startsWith(".link")) {
            Files.delete(dir.resolve(TrainWorker.WEIGHTS));
            Files.createSymbolicLink(dir.resolve(TrainWorker.WEIGHTS), Path.of("/etc/hostname"));
        } else if (how.startsWith(".nan")) {
            byte[] b = Files.readAllBytes(dir.resolve(TrainWorker.WEIGHTS));
            // the last four bytes are the last bias value (little-endian float32): make it a NaN
            b[b.length - 4] = 0;
            b[b.length - 3] = 0;
            b[b.length - 2] = (byte) 0xC0;
            b[b.length - 1] = 0x7F;
            Files.write(dir.resolve(TrainWorker.WEIGHTS), b);
        }
        System.exit(0);
    }
}
