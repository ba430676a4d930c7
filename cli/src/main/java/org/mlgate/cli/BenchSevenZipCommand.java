package org.mlgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mlgate.core.IncompleteException;
import org.mlgate.core.UsageException;
import org.mlgate.scan.bench.SevenZipBench;
import org.mlgate.scan.engine.ScanAbort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlgate bench 7z ARCHIVE}: in-process folder decoding (PPMd, ...) beside {@code 7z t} on the same file. */
@Command(name = "7z", mixinStandardHelpOptions = true,
        description = {"Decodes every folder of a 7z archive in process (after --warmups runs; --runs runs, median) "
                + "and times --peer (default: /usr/bin/7z t ARCHIVE, which decodes and checks every folder) on the "
                + "same file in the same run, then prints both in MB/s of unpacked data. The peer's time includes "
                + "its process start. Make an input with e.g. 7z a -m0=PPMd:o=6:mem=16m big.7z FILE.",
            "Not run in CI."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.BENCH_OK, ExitCodes.BENCH_USAGE, ExitCodes.BENCH_INCOMPLETE})
public final class BenchSevenZipCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "the 7z archive to decode")
    Path archive;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmups", defaultValue = "2", description = "warm-up runs (default ${DEFAULT-VALUE})")
    int warmups;

    @Option(names = "--peer", paramLabel = "PROGRAM",
            description = "the peer's program, run as PROGRAM t ARCHIVE (default ${DEFAULT-VALUE}; 'none' skips it)",
            defaultValue = "/usr/bin/7z")
    String peer;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || warmups < 0) {
            throw new UsageException("--runs must be positive and --warmups not negative");
        }
        if (!Files.isRegularFile(archive)) {
            throw new UsageException("ARCHIVE " + archive + " is not a file");
        }
        Streams s = bench.parent.streams();
        List<String> peerCommand = peer.equals("none") ? List.of() : List.of(peer, "t", archive.toString());
        SevenZipBench.Figures f;
        try {
            f = SevenZipBench.run(archive, warmups, runs, peerCommand, s.err());
        } catch (ScanAbort e) {
            throw new IncompleteException("cannot read " + archive + " as 7z: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IncompleteException("benchmark failed: " + e.getMessage(), e);
        }
        s.out().printf("coders: %s  unpacked: %,d bytes%n", f.coders(), f.unpackedBytes());
        s.out().printf("mlgate (in process): median %.3f s  %.1f MB/s%n", f.medianSeconds(), f.mbPerSec());
        if (!peerCommand.isEmpty()) {
            s.out().printf("%s t (whole process): median %.3f s  %.1f MB/s%n", peer, f.peerMedianSeconds(),
                    f.peerMbPerSec());
        }
        return 0;
    }
}
