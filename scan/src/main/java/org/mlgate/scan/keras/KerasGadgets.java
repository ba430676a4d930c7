package org.mlgate.scan.keras;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mlgate.core.Severity;

/**
 * The reviewed list of Keras callables and layers with side effects (files, network, processes, code), read
 * from the resource {@value #RESOURCE}, which is the one place the list and each entry's reason are written
 * down. Keras names them under {@code keras.*} modules, so the module check alone calls them harmless.
 */
final class KerasGadgets {
    static final String RESOURCE = "/org/mlgate/scan/keras/keras-gadgets.json";

    /** A function or class whose use has a side effect. */
    record Callable(String name, String touches, Severity severity, String reason) { }

    /** A layer that loads something named in its configuration; {@code always}: whatever the value's type. */
    record Layer(String name, List<String> configKeys, boolean always, Severity severity, String reason) {
        Layer {
            configKeys = List.copyOf(configKeys);
        }
    }

    /** Reviewed and found without effect; kept so the review is complete and visible. */
    record Harmless(String name, String reason) { }

    record Document(String format, String reviewed, List<Callable> callables, List<Layer> layers,
                    List<Harmless> reviewedWithoutEffect) { }

    private static final Document DOC = load();
    private static final Map<String, Callable> CALLABLES = DOC.callables().stream()
            .collect(Collectors.toUnmodifiableMap(Callable::name, Function.identity()));
    private static final Map<String, Layer> LAYERS = DOC.layers().stream()
            .collect(Collectors.toUnmodifiableMap(Layer::name, Function.identity()));

    private KerasGadgets() {
    }

    private static Document load() {
        ObjectMapper m = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        try (InputStream in = KerasGadgets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            Document d = m.readValue(in, Document.class);
            if (!"mlgate-keras-gadgets/v1".equals(d.format())) {
                throw new IllegalStateException(RESOURCE + ": unknown format " + d.format());
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static Optional<Callable> callable(String name) {
        return Optional.ofNullable(CALLABLES.get(name));
    }

    static Optional<Layer> layer(String className) {
        return Optional.ofNullable(LAYERS.get(className));
    }

    static Document document() {
        return DOC;
    }
}
