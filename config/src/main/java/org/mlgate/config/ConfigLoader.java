package org.mlgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.mlgate.core.IncompleteException;

/**
 * The one loader for mlgate's configuration files (guard, serve, attack, pipeline): one strict YAML 1.2
 * document into a typed record. See the module README for the full contract; in short:
 * <ul>
 *   <li>every key must be a record component (snake_case), every value of the component's type, no coercion;</li>
 *   <li>errors are {@link ConfigException}s naming {@code file:line:column: key.path: problem} (usage, exit 2);</li>
 *   <li>{@code ${NAME}} is expanded from the environment only in {@link Secret} components and is an error
 *       anywhere else; an unset variable is an error naming it;</li>
 *   <li>bounded: size, depth, node count, scalar length ({@link ConfigLimits}); anchors, aliases, tags,
 *       duplicate keys and multiple documents are refused.</li>
 * </ul>
 * Thread-safe and stateless apart from its settings.
 *
 * @param limits      bounds on the file
 * @param environment where {@code ${NAME}} is looked up ({@code null} = not set)
 */
public record ConfigLoader(ConfigLimits limits, Function<String, String> environment) {
    public ConfigLoader {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(environment, "environment");
    }

    /** Default limits, the process environment. */
    public static ConfigLoader standard() {
        return new ConfigLoader(ConfigLimits.DEFAULT, System::getenv);
    }

    /**
     * Reads and binds a file. A missing file is a {@link ConfigException}; a file that exists but cannot be
     * read is an {@link IncompleteException}.
     */
    public <T> T load(Path file, Class<T> type) {
        return parse(read(file), file.toString(), type);
    }

    /** Binds bytes already in memory; {@code fileName} is only used in messages. */
    public <T> T parse(byte[] yaml, String fileName, Class<T> type) {
        Node root = YamlReader.read(yaml, fileName, limits);
        return type.cast(new Binder(fileName, environment).bind(root, type, "", false));
    }

    private byte[] read(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new ConfigException(name, 0, 0, "", "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(name, 0, 0, "", "not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte past the cap so an oversized file is refused without reading all of it.
            byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
            if (bytes.length > limits.maxBytes()) {
                throw new ConfigException(name, 0, 0, "", "file is larger than the " + limits.maxBytes()
                        + " bytes allowed for a configuration file");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, 0, "", "no such file");
        } catch (IOException e) {
            throw new IncompleteException("cannot read " + name + ": " + org.mlgate.core.IoErrors.reason(e), e);
        }
    }
}
