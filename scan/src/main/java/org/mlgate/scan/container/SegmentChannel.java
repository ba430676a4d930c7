package org.mlgate.scan.container;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only seekable channel over a memory segment, for libraries that want random access (7z). The
 * file stays mapped: nothing is copied to the heap beyond what the library reads.
 */
final class SegmentChannel implements SeekableByteChannel {
    private final MemorySegment segment;
    private long position;
    private boolean open = true;

    SegmentChannel(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        long left = segment.byteSize() - position;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), left);
        dst.put(segment.asSlice(position, n).asByteBuffer());
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return segment.byteSize();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
