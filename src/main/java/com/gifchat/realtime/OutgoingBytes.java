package com.gifchat.realtime;

import io.vertx.core.Future;

/**
 * The bytes handed to one socket and not yet written to the network, counted from each write until its future
 * completes. A reader that stops reading makes them pile up in server memory; past {@code max}
 * (realtime.maxQueuedBytes) the socket is dropped instead. What the operating system's socket buffers hold counts as
 * written.
 */
final class OutgoingBytes {

    /** The refusal counted when a socket is dropped for not reading. */
    static final String TOO_SLOW = "TOO_SLOW";

    private final int max;
    private final DeliveryBacklog backlog;
    private final Runnable drop;
    private int queued;
    private boolean released;

    /**
     * Counts into {@code backlog} too: what all sockets of a gateway instance hold is bounded as well, and when that
     * bound holds too long, the backlog calls {@code drop} on the socket that holds the most.
     */
    OutgoingBytes(int max, DeliveryBacklog backlog, Runnable drop) {
        this.max = max;
        this.backlog = backlog;
        this.drop = drop;
        backlog.holds(this);
    }

    /** Whether {@code bytes} more may be handed to the socket. */
    boolean fits(int bytes) {
        return queued + bytes <= max;
    }

    /** Counts a write until it completes, whether it succeeded or not. */
    <T> Future<T> track(int bytes, Future<T> written) {
        queued += bytes;
        if (!released) {
            backlog.queued(bytes);
        }
        written.onComplete(ar -> {
            queued -= bytes;
            if (!released) {
                backlog.queued(-bytes);
            }
        });
        return written;
    }

    int queued() {
        return queued;
    }

    /**
     * The socket is closing: what it holds no longer counts towards the backlog, since a close behind unread data may
     * wait for ever (a client that keeps its connection open and reads nothing).
     */
    void release() {
        if (!released) {
            released = true;
            backlog.queued(-queued);
            backlog.forget(this);
        }
    }

    void drop() {
        drop.run();
    }
}
