package com.gifchat.realtime;

import com.gifchat.bus.LogText;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's bad frames (malformed, or aimed at what a client may never use). Refusing one costs an error frame
 * and a count, never a log line of its own: the log gets one summary line per connection at most once a minute while
 * it lasts, and one when it closes. More than {@code max} within {@code windowMs} mean a script sending garbage, and
 * the caller closes the connection.
 */
final class BadFrames {

    private static final Logger log = LoggerFactory.getLogger(BadFrames.class);
    static final long SUMMARY_EVERY_MS = 60_000;
    /** The refusal counted when a connection is closed for its garbage. */
    static final String TOO_MANY = "TOO_MANY_BAD_FRAMES";

    /** Shared by every connection of a gateway. */
    record Limits(int max, long windowMs) {
    }

    private final Limits limits;
    private final String kind;
    private final String transport;
    private final SocketAddress remote;
    private long windowStart;
    private int inWindow;
    private int unlogged;
    private long lastSummaryAt;
    private String lastReason;
    private Object lastSample;
    private boolean tooMany;

    /**
     * @param kind      what the log calls the connection, e.g. "/ws connection" (from {@code remote})
     * @param transport the metrics' label for it ({@link AppMetrics#BRIDGE} or {@link AppMetrics#WS})
     */
    BadFrames(Limits limits, String kind, String transport, SocketAddress remote, long now) {
        this.limits = limits;
        this.kind = kind;
        this.transport = transport;
        this.remote = remote;
        this.lastSummaryAt = now;
    }

    /**
     * Counts one bad frame: {@code reason} is ours, {@code sample} what the client sent (escaped and cut for the log).
     * True when the connection has now sent too many within the window and must be closed.
     */
    boolean count(String reason, Object sample, long now) {
        AppMetrics.badFrame(transport);
        if (now - windowStart >= limits.windowMs()) {
            windowStart = now;
            inWindow = 0;
        }
        inWindow++;
        unlogged++;
        lastReason = reason;
        lastSample = sample;
        if (now - lastSummaryAt >= SUMMARY_EVERY_MS) {
            summarise(now, "");
        }
        if (!tooMany && inWindow > limits.max()) {
            tooMany = true;
            AppMetrics.refused(transport, TOO_MANY);
        }
        return tooMany;
    }

    /** The connection closed: what was not summarised yet is, with the reason if it was closed for its garbage. */
    void closed(long now) {
        if (unlogged > 0) {
            summarise(now, tooMany ? "; closed: more than " + limits.max() + " within " + limits.windowMs() + " ms" : "");
        }
    }

    private void summarise(long now, String ending) {
        log.info("{} from {}: {} bad frame(s) in the last {} s, the last one {}: {}{}", kind, remote, unlogged,
            Math.max(1, (now - lastSummaryAt) / 1000), lastReason, LogText.of(lastSample), ending);
        unlogged = 0;
        lastSummaryAt = now;
    }
}
