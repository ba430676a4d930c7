package org.mlgate.scan.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.mlgate.core.Problem;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.engine.ScanContext;

/**
 * HDF5 files: legacy Keras models ({@code model.save("m.h5")}: the model JSON in the root attribute
 * {@code model_config}, the compile settings in {@code training_config}) and Keras 3 weight files
 * ({@code model.weights.h5} inside .keras archives). Read with jhdf over the bytes in memory; the group
 * tree is listed (bounded in objects and depth) so that a file jhdf cannot read is an error, never
 * safe. Dataset contents are never read. Links are not followed (an external link would open another file).
 */
public final class Hdf5Handler implements FormatHandler {
    public static final String ID = "hdf5";
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    static final int MAX_OBJECTS = 200_000;
    static final int MAX_DEPTH = 64;
    /** Largest config attribute read (the JSON limit). */
    static final long MAX_ATTRIBUTE = JsonTree.MAX_BYTES;
    static final String USER_BLOCK = "(HDF5 user block)";
    static final List<String> CONFIG_ATTRIBUTES = List.of("model_config", "training_config");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean sniff(Blob blob) {
        return signatureOffset(blob) >= 0;
    }

    /** The superblock sits at 0, 512, 1024, 2048, ... (after a user block of that size). */
    static long signatureOffset(Blob blob) {
        for (long off = 0; off + SIGNATURE.length <= blob.size(); off = off == 0 ? 512 : off * 2) {
            if (matches(blob, off)) {
                return off;
            }
        }
        return -1;
    }

    private static boolean zeros(Blob blob, long length) {
        for (long i = 0; i < length; i++) {
            if (blob.u8(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Blob blob, long off) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (blob.u8(off + i) != (SIGNATURE[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void scan(Blob blob, ScanContext ctx) throws ScanAbort {
        if (blob.size() > Integer.MAX_VALUE) {
            throw new ScanAbort(Problem.Kind.UNSUPPORTED, 0, "HDF5 data of " + blob.size()
                    + " bytes: files over 2 GiB are not analysed");
        }
        long superblock = signatureOffset(blob);
        if (superblock > 0 && !zeros(blob, superblock)) {
            // A user block is whatever the file starts with: a loader reading from byte 0 (pickle.load) sees it.
            ctx.scanMember(USER_BLOCK, blob.slice(USER_BLOCK, 0, superblock));
        }
        List<ConfigText> configs = new ArrayList<>();
        try (HdfFile file = HdfFile.fromByteBuffer(blob.data().asByteBuffer())) {
            Map<String, Attribute> attributes = file.getAttributes();
            for (String name : CONFIG_ATTRIBUTES) {
                Attribute a = attributes.get(name);
                if (a != null) {
                    configs.add(new ConfigText(name, text(a)));
                }
            }
            listTree(file, ctx);
        } catch (ScanAbort a) {
            throw a;
        } catch (RuntimeException e) {
            // jhdf signals unreadable structure with HdfException and with whatever its buffer reads throw
            throw ScanAbort.malformed(superblock, "HDF5 structure cannot be read: " + describe(e));
        } catch (OutOfMemoryError e) {
            throw ScanAbort.budget(superblock, "HDF5 structure declares sizes too large to read");
        }
        if (!configs.isEmpty()) {
            ctx.refineFormat("keras-h5");
        }
        for (ConfigText c : configs) {
            JsonTree.Value root;
            try {
                root = JsonTree.parse(c.json());
            } catch (ScanAbort a) {
                throw new ScanAbort(a.kind(), -1, "attribute " + c.attribute() + ": " + a.getMessage()
                        + (a.offset() >= 0 ? " (JSON offset " + a.offset() + ")" : ""));
            }
            new KerasConfigWalker(ctx, "attribute " + c.attribute(), false).walk(root);
        }
    }

    private record ConfigText(String attribute, byte[] json) { }

    /** A config attribute's JSON: h5py stores Keras's str/bytes as a fixed or variable-length string. */
    private static byte[] text(Attribute a) throws ScanAbort {
        String name = a.getName();
        if (a.getSizeInBytes() > MAX_ATTRIBUTE || a.getSize() > 1) {
            throw ScanAbort.budget(-1, "attribute " + name + " has " + a.getSize() + " elements of "
                    + a.getSizeInBytes() + " bytes; expected one JSON string of at most " + MAX_ATTRIBUTE);
        }
        Object data = a.getData();
        if (data instanceof String[] arr && arr.length == 1) {
            data = arr[0];
        }
        return switch (data) {
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case byte[] b -> b;
            case null, default -> throw ScanAbort.malformed(-1, "attribute " + name + " is not a string ("
                    + (data == null ? "empty" : data.getClass().getSimpleName()) + "); Keras cannot load this model");
        };
    }

    /** Lists every group (not datasets' data), iteratively, within the object and depth limits. */
    private static void listTree(HdfFile file, ScanContext ctx) throws ScanAbort {
        record Pending(Group group, int depth) { }
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(file, 0));
        long objects = 0;
        while (!todo.isEmpty()) {
            ctx.checkTime();
            Pending p = todo.pop();
            for (Node child : p.group().getChildren().values()) {
                if (++objects > MAX_OBJECTS) {
                    throw ScanAbort.budget(-1, "HDF5 file has more than " + MAX_OBJECTS + " objects");
                }
                if (child.isLink() || !child.isGroup()) {
                    continue;
                }
                if (p.depth() + 1 > MAX_DEPTH) {
                    throw ScanAbort.budget(-1, "HDF5 groups nested deeper than " + MAX_DEPTH + " levels at "
                            + child.getPath());
                }
                todo.push(new Pending((Group) child, p.depth() + 1));
            }
        }
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
