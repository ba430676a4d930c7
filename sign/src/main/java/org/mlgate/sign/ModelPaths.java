package org.mlgate.sign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mlgate.sign.hash.ModelFiles;

/** Where the signature of a model goes and which model-relative paths are left out. */
public final class ModelPaths {
    public static final String DEFAULT_SIGNATURE = "model.sig";

    private ModelPaths() {
    }

    /** {@code model.sig} inside a directory, {@code PATH.sig} beside a file. */
    public static Path defaultSignature(Path model) {
        if (Files.isDirectory(model)) {
            return model.resolve(DEFAULT_SIGNATURE);
        }
        Path abs = model.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".sig");
    }

    /** The signature's model-relative POSIX name when it lies inside the model directory, else null. */
    public static String insideModel(Path model, Path signature) {
        if (!Files.isDirectory(model)) {
            return null;
        }
        Path m = model.toAbsolutePath().normalize();
        Path s = signature.toAbsolutePath().normalize();
        if (!s.startsWith(m) || s.equals(m)) {
            return null;
        }
        return posix(m.relativize(s));
    }

    /**
     * Model-relative POSIX forms of {@code paths}: a relative path is taken relative to the model (or, if
     * that does not exist but the path relative to the working directory does and lies inside the model,
     * that one); an absolute path must lie inside the model. Paths leaving the model are refused.
     */
    public static List<String> normalizeIgnored(Path model, Collection<String> paths) {
        Path m = model.toAbsolutePath().normalize();
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            Path given = Path.of(p);
            Path abs;
            if (given.isAbsolute()) {
                abs = given.normalize();
            } else {
                abs = m.resolve(given).normalize();
                Path fromCwd = given.toAbsolutePath().normalize();
                if (!Files.exists(abs) && Files.exists(fromCwd) && fromCwd.startsWith(m)) {
                    abs = fromCwd;
                }
            }
            if (!abs.startsWith(m) || abs.equals(m)) {
                throw new IllegalArgumentException("ignored path '" + p + "' is not inside the model " + model);
            }
            out.add(posix(m.relativize(abs)));
        }
        return out;
    }

    /** Everything left out when hashing: the given paths, the git paths and the signature file. */
    static Set<String> ignored(Collection<String> normalized, Collection<String> recorded, String signatureInside) {
        Set<String> all = new LinkedHashSet<>(normalized);
        all.addAll(recorded);
        all.addAll(ModelFiles.GIT_PATHS);
        if (signatureInside != null) {
            all.add(signatureInside);
        }
        return all;
    }

    static String posix(Path rel) {
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
