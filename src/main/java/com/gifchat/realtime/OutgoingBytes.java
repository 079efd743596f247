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
    private int queued;

    OutgoingBytes(int max) {
        this.max = max;
    }

    /** Whether {@code bytes} more may be handed to the socket. */
    boolean fits(int bytes) {
        return queued + bytes <= max;
    }

    /** Counts a write until it completes, whether it succeeded or not. */
    <T> Future<T> track(int bytes, Future<T> written) {
        queued += bytes;
        written.onComplete(ar -> queued -= bytes);
        return written;
    }

    int queued() {
        return queued;
    }
}
