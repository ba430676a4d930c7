package org.mlgate.guard;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import org.mlgate.guard.rails.Rail;

/**
 * A rail type built by an optional module (found with {@link ServiceLoader}, {@code META-INF/services}): the
 * {@code onnx_classifier} rail lives in {@code guard-onnx} so that the CLI jar does not carry ONNX Runtime. Its
 * configuration is still a {@link RailSpec} variant, so a config naming the type without the module fails at load
 * with file, line and key.
 */
public interface RailProvider {
    /** The rail type as written in {@code config.yml}. */
    String type();

    /**
     * @param spec the rail's configuration (of the variant for {@link #type()})
     * @param dir  the configuration folder: files the rail names must lie inside it ({@link #inside})
     */
    Rail build(RailSpec spec, Path dir);

    /** The provider of a type, if its module is on the class path. */
    static Optional<RailProvider> of(String type) {
        return ServiceLoader.load(RailProvider.class, RailProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.type().equals(type)).findFirst();
    }

    /**
     * A file named in a configuration, resolved against the configuration folder and refused when it leaves it.
     *
     * @param what how the error names the file (the key and the value as written)
     */
    static Path inside(Path dir, String relative, String what) {
        if (dir == null) {
            throw new org.mlgate.core.UsageException(what + ": a model file needs a configuration folder");
        }
        Path root = dir.toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new org.mlgate.core.UsageException(what + ": must be inside the configuration folder " + dir);
        }
        return file;
    }
}
