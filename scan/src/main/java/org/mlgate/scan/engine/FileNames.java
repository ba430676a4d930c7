package org.mlgate.scan.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a top-level file's name says. Routing is by content; names only make the verdict stricter: a file
 * named like a model that no handler recognises is not SAFE ("claims X, is not X"), and the configuration
 * files that loaders read by name are judged even when their content is not recognised.
 */
public final class FileNames {
    /** Extensions whose files a loader would try to load, with the format they claim. */
    private static final Map<String, String> CLAIMS = Map.ofEntries(
            Map.entry("pt", "a PyTorch checkpoint"), Map.entry("pth", "a PyTorch checkpoint"),
            Map.entry("bin", "a PyTorch checkpoint (pytorch_model.bin)"), Map.entry("ckpt", "a checkpoint"),
            Map.entry("pkl", "a pickle"), Map.entry("joblib", "a joblib file"), Map.entry("npy", "a NumPy .npy array"),
            Map.entry("npz", "a NumPy .npz archive"), Map.entry("safetensors", "a safetensors file"),
            Map.entry("gguf", "a GGUF file"), Map.entry("keras", "a Keras archive"),
            Map.entry("h5", "an HDF5 (Keras .h5) file"), Map.entry("onnx", "an ONNX model"),
            Map.entry("pb", "a TensorFlow protobuf"));

    /** Files Hugging Face loaders read by name and act on (auto_map, custom_pipelines, chat templates). */
    private static final Set<String> LOADER_CONFIGS = Set.of("config.json", "tokenizer_config.json");

    private FileNames() {
    }

    /** The format the name's extension claims, if it claims one ({@code "a PyTorch checkpoint (.pt)"}). */
    public static Optional<String> claimedFormat(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(CLAIMS.get(ext)).map(f -> f + " (." + ext + ")");
    }

    /** Whether a loader reads this file by name and acts on what it says. */
    public static boolean isLoaderConfig(String name) {
        return LOADER_CONFIGS.contains(name.toLowerCase(Locale.ROOT));
    }
}
