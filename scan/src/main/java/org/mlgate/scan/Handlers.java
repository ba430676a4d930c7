package org.mlgate.scan;

import java.util.List;
import org.mlgate.scan.container.Bzip2Handler;
import org.mlgate.scan.container.GzipHandler;
import org.mlgate.scan.container.LzmaHandler;
import org.mlgate.scan.container.SevenZipHandler;
import org.mlgate.scan.container.TarHandler;
import org.mlgate.scan.container.XzHandler;
import org.mlgate.scan.container.ZipHandler;
import org.mlgate.scan.container.ZlibHandler;
import org.mlgate.scan.container.Lz4FrameHandler;
import org.mlgate.scan.container.ZstdHandler;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.keras.Hdf5Handler;
import org.mlgate.scan.keras.KerasConfigHandler;
import org.mlgate.scan.gguf.GgufHandler;
import org.mlgate.scan.npy.NpyHandler;
import org.mlgate.scan.hf.HfConfigHandler;
import org.mlgate.scan.onnx.OnnxHandler;
import org.mlgate.scan.pickle.PickleHandler;
import org.mlgate.scan.safetensors.SafetensorsHandler;
import org.mlgate.scan.tf.TfHandler;

/**
 * The scanner plugins, in routing order: containers and magic-number formats first, the pickle sniff
 * (which needs no magic) last. Formats with strong magic come before those recognised by structure
 * (tar's header checksum) or weak headers (zlib's two bytes, lzma's properties), so the weaker sniffs
 * only see what nothing else claimed.
 */
public final class Handlers {
    private static final Router ROUTER = new Router(List.of(
            new ZipHandler(),
            new NpyHandler(),
            new GgufHandler(),
            new GzipHandler(),
            new Bzip2Handler(),
            new XzHandler(),
            new ZstdHandler(),
            new Lz4FrameHandler(),
            new SevenZipHandler(),
            new TarHandler(),
            new SafetensorsHandler(),
            new Hdf5Handler(),
            new KerasConfigHandler(),
            new HfConfigHandler(),
            new OnnxHandler(),
            new TfHandler(),
            new ZlibHandler(),
            new LzmaHandler(),
            new PickleHandler()));

    private Handlers() {
    }

    public static Router router() {
        return ROUTER;
    }

    public static List<FormatHandler> all() {
        return ROUTER.handlers();
    }
}
