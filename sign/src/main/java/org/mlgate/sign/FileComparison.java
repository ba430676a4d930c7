package org.mlgate.sign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlgate.sign.VerificationFailure.Check;
import org.mlgate.sign.bundle.ModelStatement;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.ModelHasher;
import org.mlgate.sign.hash.ParallelHasher;
import org.mlgate.sign.hash.RefusedPathException;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * Compares the files on disk with a verified statement: every signed file must exist with the same bytes,
 * and (unless unsigned files are allowed) no other file may be in scope. Files missing on one side and
 * present under another name with the signed bytes are reported as renamed. All differences are reported
 * together; the first decides the check.
 */
final class FileComparison {
    private static final int MAX_LISTED = 20;

    private FileComparison() {
    }

    private record Problem(Check check, String message) { }

    /** The files checked, and what exists but was left out unsigned (git metadata, recorded ignore paths). */
    record Compared(int files, List<ModelFiles.LeftOut> leftOut) { }

    /** Compares, or throws the differences. */
    static Compared check(Path model, Path signature, ModelStatement st, VerifyOptions o) throws IOException {
        Serialization ser = st.serialization();
        boolean shards = ser.method() == Serialization.Method.SHARDS;
        // expected resources grouped by file, in statement order
        Map<String, List<Resource>> expected = new LinkedHashMap<>();
        Map<String, Long> expectedSize = new LinkedHashMap<>();
        for (Resource r : st.resources()) {
            String file = r.name();
            if (shards) {
                ModelStatement.ShardName n = ModelStatement.ShardName.parse(r.name(), "resource");
                file = n.path();
                expectedSize.merge(file, n.end(), Math::max);
            }
            expected.computeIfAbsent(file, k -> new ArrayList<>()).add(r);
        }
        boolean signedSingle = expected.containsKey(".");
        if (signedSingle && expected.size() != 1) {
            throw new VerificationFailure(Check.MALFORMED_STATEMENT, "the statement lists '.' (a single file) "
                    + "together with other files");
        }
        List<String> userIgnored = ModelPaths.normalizeIgnored(model, o.ignorePaths());
        Set<String> ignore = ModelPaths.ignored(userIgnored, ser.ignorePaths(), ModelPaths.insideModel(model, signature));
        ModelFiles files;
        try {
            files = ModelFiles.list(model, ignore);
        } catch (RefusedPathException e) {
            throw Verifier.refused(e);
        }
        if (signedSingle != files.singleFile()) {
            throw new VerificationFailure(Check.SCOPE_MISMATCH, signedSingle
                    ? "the bundle signs a single file but " + model + " is a directory"
                    : "the bundle signs a directory but " + model + " is a file");
        }
        Map<String, ModelFiles.Entry> actual = new LinkedHashMap<>();
        files.files().forEach(e -> actual.put(e.name(), e));

        List<String> missing = new ArrayList<>();
        List<ModelFiles.Entry> present = new ArrayList<>();
        for (String name : expected.keySet()) {
            ModelFiles.Entry e = actual.get(name);
            if (e == null) {
                missing.add(name);
            } else {
                present.add(e);
            }
        }
        List<ModelFiles.Entry> extra = new ArrayList<>();
        if (!o.ignoreUnsignedFiles()) {
            for (ModelFiles.Entry e : files.files()) {
                if (!expected.containsKey(e.name())) {
                    extra.add(e);
                }
            }
        }
        List<Problem> problems = new ArrayList<>();
        // a shard list that cannot match the file's size is a change, found without hashing
        List<ModelFiles.Entry> toHash = new ArrayList<>();
        for (ModelFiles.Entry e : present) {
            if (shards && !shardsFit(e.size(), ser.shardSize(), expected.get(e.name()), expectedSize.get(e.name()))) {
                problems.add(new Problem(Check.FILE_CHANGED, display(e.name(), model) + " changed (its size is "
                        + e.size() + " bytes, the signed shards cover " + expectedSize.get(e.name()) + ")"));
            } else {
                toHash.add(e);
            }
        }
        boolean renames = !missing.isEmpty() && !extra.isEmpty();
        List<ModelFiles.Entry> hashed = new ArrayList<>(toHash);
        if (renames) {
            for (ModelFiles.Entry e : extra) {
                if (!shards || Signer.ceilDiv(e.size(), ser.shardSize()) <= Signer.MAX_RESOURCES) {
                    hashed.add(e);
                }
            }
        }
        Map<String, List<Resource>> got = new LinkedHashMap<>();
        try (ParallelHasher hasher = new ParallelHasher(o.threads())) {
            List<Resource> all = ModelHasher.resources(hashed, ser, hasher);
            for (Resource r : all) {
                String file = shards ? ModelStatement.ShardName.parse(r.name(), "resource").path() : r.name();
                got.computeIfAbsent(file, k -> new ArrayList<>()).add(r);
            }
        }
        for (ModelFiles.Entry e : toHash) {
            List<Resource> want = expected.get(e.name());
            List<Resource> have = got.get(e.name());
            if (!sameResources(want, have)) {
                Resource differs = firstDifference(want, have);
                String signed = want.stream().filter(r -> r.name().equals(differs.name())).map(Resource::sha256)
                        .findFirst().orElse("no such shard");
                problems.add(new Problem(Check.FILE_CHANGED, display(e.name(), model) + " changed (sha256 "
                        + differs.sha256() + (shards ? " in shard " + differs.name() : "") + ", signed " + signed + ")"));
            }
        }
        Set<String> renamedTo = new HashSet<>();
        for (String name : missing) {
            String target = null;
            if (renames) {
                for (ModelFiles.Entry e : extra) {
                    List<Resource> have = got.get(e.name());
                    if (!renamedTo.contains(e.name()) && have != null && sameDigests(expected.get(name), have, shards)) {
                        target = e.name();
                        break;
                    }
                }
            }
            if (target != null) {
                renamedTo.add(target);
                problems.add(new Problem(Check.FILE_RENAMED, display(name, model) + " was renamed to "
                        + display(target, model)));
            } else {
                problems.add(new Problem(Check.FILE_MISSING, display(name, model) + " is signed but missing"));
            }
        }
        for (ModelFiles.Entry e : extra) {
            if (!renamedTo.contains(e.name())) {
                problems.add(new Problem(Check.FILE_EXTRA, display(e.name(), model) + " is not signed "
                        + "(use --ignore-unsigned-files or --ignore-paths to allow it)"));
            }
        }
        if (!problems.isEmpty()) {
            throw failure(problems);
        }
        return new Compared(present.size(), files.singleFile() ? List.of() : leftOut(model, signature, ignore,
                userIgnored));
    }

    /**
     * What the listing skipped without the user asking: the git paths, the paths the signer recorded, and the
     * signature's name when a directory stands there — each reported with its file count, since a file hidden there
     * is not signed. The signature file itself and the user's own --ignore-paths are not reported.
     */
    private static List<ModelFiles.LeftOut> leftOut(Path model, Path signature, Set<String> ignored,
                                                    List<String> userIgnored) throws IOException {
        Set<String> paths = new java.util.TreeSet<>(ignored);
        paths.removeAll(userIgnored);
        String sig = ModelPaths.insideModel(model, signature);
        // the signature file is not content; a directory standing where it should be is
        if (sig != null && java.nio.file.Files.isRegularFile(model.resolve(sig), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            paths.remove(sig);
        }
        return ModelFiles.leftOut(model, paths);
    }

    private static boolean shardsFit(long size, long shardSize, List<Resource> want, Long signedEnd) {
        long count = size == 0 ? 1 : Signer.ceilDiv(size, shardSize);
        return count == want.size() && signedEnd != null && signedEnd == size;
    }

    /**
     * Same resources as sets: same names (which carry the shard bounds) with the same digests, in any order. The
     * reference verifier compares manifests as sets; a statement may list its shards in any order (its root digest
     * is computed over its own order, checked before).
     */
    private static boolean sameResources(List<Resource> want, List<Resource> have) {
        if (have == null || want.size() != have.size()) {
            return false;
        }
        Map<String, byte[]> wanted = new HashMap<>();
        want.forEach(r -> wanted.put(r.name(), r.rawDigest()));
        for (Resource r : have) {
            byte[] w = wanted.get(r.name());
            if (w == null || !java.security.MessageDigest.isEqual(w, r.rawDigest())) {
                return false;
            }
        }
        return wanted.size() == have.size();
    }

    /** Same digests per span (a shard's start:end; a whole file), names aside: a renamed file, in any order. */
    private static boolean sameDigests(List<Resource> want, List<Resource> have, boolean shards) {
        return want.size() == have.size() && bySpan(want, shards).equals(bySpan(have, shards));
    }

    private static Map<String, String> bySpan(List<Resource> resources, boolean shards) {
        Map<String, String> out = new HashMap<>();
        for (Resource r : resources) {
            String span = "";
            if (shards) {
                ModelStatement.ShardName n = ModelStatement.ShardName.parse(r.name(), "resource");
                span = n.start() + ":" + n.end();
            }
            out.put(span, r.sha256());
        }
        return out;
    }

    /** The first resource on disk (in canonical order) that the statement does not list with the same digest. */
    private static Resource firstDifference(List<Resource> want, List<Resource> have) {
        Map<String, String> wanted = new HashMap<>();
        want.forEach(r -> wanted.put(r.name(), r.sha256()));
        for (Resource r : have) {
            if (!r.sha256().equals(wanted.get(r.name()))) {
                return r;
            }
        }
        return have.getFirst(); // same names and digests but another count: listed twice, refused by the parser
    }

    private static String display(String name, Path model) {
        return name.equals(".") ? model.toString() : name;
    }

    private static VerificationFailure failure(List<Problem> problems) {
        if (problems.size() == 1) {
            return new VerificationFailure(problems.getFirst().check(), problems.getFirst().message());
        }
        // One difference per line (the summary first): a list on one line is unreadable past two files.
        StringBuilder sb = new StringBuilder().append(problems.size()).append(" differences:");
        for (int i = 0; i < Math.min(MAX_LISTED, problems.size()); i++) {
            Problem p = problems.get(i);
            sb.append('\n').append(p.check().id()).append(": ").append(p.message());
        }
        if (problems.size() > MAX_LISTED) {
            sb.append('\n').append("and ").append(problems.size() - MAX_LISTED).append(" more");
        }
        return new VerificationFailure(problems.getFirst().check(), sb.toString());
    }
}
