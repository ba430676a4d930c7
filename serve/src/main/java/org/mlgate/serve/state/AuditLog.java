package org.mlgate.serve.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlgate.core.IncompleteException;

/**
 * The audit log's group commit: request threads {@link #append} an entry and wait until it is committed; one writer
 * thread takes everything queued and commits it in one transaction, so under load one commit (one fsync) serves many
 * requests. A response is sent only after its row is committed, so nothing acknowledged is lost if the process dies.
 * A failed commit fails every request of the group (the server answers 503): no response without its audit row.
 */
public final class AuditLog implements AutoCloseable {
    /** Most entries per transaction. */
    static final int MAX_GROUP = 512;
    /** Longest a request waits for its commit. */
    static final long COMMIT_TIMEOUT_SECONDS = 10;

    private record Pending(AuditEntry entry, CompletableFuture<Void> done) { }

    private static final Pending STOP = new Pending(null, null);

    private final StateStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;

    public AuditLog(StateStore store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("mlgate-audit-writer").daemon(false).unstarted(this::drain);
        writer.start();
    }

    /** Appends {@code e}; returns once it is committed, or throws {@link IncompleteException}. */
    public void append(AuditEntry e) {
        Pending p = new Pending(e, new CompletableFuture<>());
        try {
            if (!queue.offer(p, COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IncompleteException("the audit log is not keeping up");
            }
            p.done().get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IncompleteException("interrupted while writing the audit log", ex);
        } catch (ExecutionException ex) {
            throw new IncompleteException("the audit log could not be written: " + ex.getCause().getMessage(), ex);
        } catch (TimeoutException ex) {
            throw new IncompleteException("the audit log did not commit within " + COMMIT_TIMEOUT_SECONDS + " s", ex);
        }
    }

    private void drain() {
        List<Pending> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                stopping = true;
            }
            queue.drainTo(group, MAX_GROUP - group.size());
            if (group.remove(STOP)) {
                stopping = true;
                queue.drainTo(group); // whatever was queued before the stop is still committed
            }
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            store.append(group.stream().map(Pending::entry).toList());
            group.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            group.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Commits what is queued and stops the writer. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(COMMIT_TIMEOUT_SECONDS * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
