package org.mlgate.sign.hash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns the files of a model into its {@link Manifest} under a {@link Serialization}. */
public final class ModelHasher {
    private ModelHasher() {
    }

    /** Hashes every file in {@code files} (in parallel on {@code threads} threads). */
    public static Manifest manifest(ModelFiles files, Serialization serialization, int threads) throws IOException {
        try (ParallelHasher hasher = new ParallelHasher(threads)) {
            return new Manifest(files.modelName(), serialization, resources(files.files(), serialization, hasher));
        }
    }

    /** The resources of {@code entries} (already in canonical order), hashed with {@code hasher}. */
    public static List<Resource> resources(List<ModelFiles.Entry> entries, Serialization serialization,
                                           ParallelHasher hasher) throws IOException {
        List<ParallelHasher.Range> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ModelFiles.Entry e : entries) {
            if (serialization.method() == Serialization.Method.FILES) {
                ranges.add(new ParallelHasher.Range(e.path(), 0, e.size(), true));
                names.add(e.name());
            } else {
                for (long[] shard : shards(e.size(), serialization.shardSize())) {
                    boolean last = shard[1] == e.size();
                    ranges.add(new ParallelHasher.Range(e.path(), shard[0], shard[1], last));
                    names.add(Resource.shardName(e.name(), shard[0], shard[1]));
                }
            }
        }
        List<String> digests = hasher.hash(ranges);
        List<Resource> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(new Resource(names.get(i), digests.get(i)));
        }
        return out;
    }

    /** The shard bounds [start, end) of a file of {@code size} bytes; an empty file has one empty shard. */
    public static List<long[]> shards(long size, long shardSize) {
        List<long[]> out = new ArrayList<>();
        if (size == 0) {
            out.add(new long[] {0, 0});
            return out;
        }
        for (long start = 0; start < size; start += shardSize) {
            out.add(new long[] {start, Math.min(size, start + shardSize)});
        }
        return out;
    }
}
