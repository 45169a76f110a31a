package io.kinesisbatch.camel.consumer;

import io.kinesisbatch.camel.checkpoint.SequencePosition;

/**
 * Which store write of one shard goes out next. At most one is out at a time: a renewal bumps the lease counter that
 * every later write is conditional on, and a checkpoint sent while an older one is still out could land after it.
 * There is no timeout that lets the next write start early: a write is out until its answer (success, refusal or
 * error) came back. A checkpoint is only ever queued ahead of the last one sent, so the positions sent only grow.
 * Renewals go first (they keep the lease), then the checkpoint, then the last write of the lease (SHARD_END, release
 * or hand-over), after which nothing more is written. Pure, with no locks: confined to the lane of its shard.
 */
final class WriteQueue {

    /** What a write does. */
    enum Kind {
        RENEW,
        CHECKPOINT,
        SHARD_END,
        RELEASE,
        HAND_OVER
    }

    /**
     * One write.
     *
     * @param position the checkpoint (CHECKPOINT, SHARD_END: the shard's last record or null), else null
     * @param to       the worker a HAND_OVER gives the shard to, else null
     */
    record Write(Kind kind, SequencePosition position, String to) {

        boolean isLast() {
            return kind == Kind.SHARD_END || kind == Kind.RELEASE || kind == Kind.HAND_OVER;
        }
    }

    private Write out;
    private boolean renewWanted;
    private SequencePosition checkpointWanted;
    private Write last;
    private boolean shardEndOwed;
    private SequencePosition sent;
    private SequencePosition written;
    private boolean closed;

    /** @param written the checkpoint the shard started from (already stored), or null */
    WriteQueue(SequencePosition written) {
        this.sent = written;
        this.written = written;
    }

    /** A renewal is due. */
    void renew() {
        renewWanted = !closed;
    }

    /** The checkpoint may be written at {@code position}: queued when it is ahead of every checkpoint sent. */
    void checkpoint(SequencePosition position) {
        if (!closed && position != null && position.isAfter(sent)
            && (checkpointWanted == null || position.isAfter(checkpointWanted))) {
            checkpointWanted = position;
        }
    }

    /**
     * The last write of this lease, after any checkpoint queued before it. Once SHARD_END was asked for, only SHARD_END
     * (its retry) is taken: a finished shard stays finished, whatever release or hand-over is asked for later.
     */
    void finish(Write write) {
        if (closed || !write.isLast() || shardEndOwed && write.kind() != Kind.SHARD_END) {
            return;
        }
        shardEndOwed = write.kind() == Kind.SHARD_END;
        last = write;
    }

    /** The next write to send, now marked out; null while one is out or nothing is due. */
    Write next() {
        if (out != null || closed) {
            return null;
        }
        if (renewWanted) {
            renewWanted = false;
            out = new Write(Kind.RENEW, null, null);
        } else if (checkpointWanted != null) {
            out = new Write(Kind.CHECKPOINT, checkpointWanted, null);
            sent = checkpointWanted;
            checkpointWanted = null;
        } else if (last != null) {
            out = last;
            last = null;
        }
        return out;
    }

    /**
     * The answer to the write that was out came back. A last write that succeeded closes the queue; one that failed
     * is not queued again here (the caller retries it with {@link #finish} after a backoff). A checkpoint that failed
     * may be queued again at the same position (the store's own condition refuses it, should the failed one still
     * land later).
     *
     * @param done the store wrote it (false: refused or failed)
     */
    void answered(Write write, boolean done) {
        if (write != out) {
            throw new IllegalStateException("Answer to " + write + " while " + out + " is out");
        }
        out = null;
        if (!done) {
            sent = written;
            return;
        }
        if (write.position() != null && write.position().isAfter(written)) {
            written = write.position();
        }
        closed |= write.isLast();
    }

    /** Nothing more is written (the lease was lost, or its last write went out). */
    void close() {
        closed = true;
        renewWanted = false;
        checkpointWanted = null;
        last = null;
    }

    /** The lease's last write is out. */
    boolean lastOut() {
        return out != null && out.isLast();
    }

    /** A write is out. */
    boolean busy() {
        return out != null;
    }

    /** The highest checkpoint the store acknowledged (or the shard started from), or null. */
    SequencePosition written() {
        return written;
    }
}
