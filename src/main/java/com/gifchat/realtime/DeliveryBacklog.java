package com.gifchat.realtime;

import io.vertx.core.Vertx;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The deliveries one gateway instance has taken on and not yet made: a node handed more than its sockets take keeps
 * them in memory, and would grow with them. Two places hold them, and both are bounded:
 * <ul>
 *   <li>its event loop: a room's message waits in each socket's event-bus consumer, whose queue the loop drains. A
 *   timer every {@link #PROBE_MS} runs late by the work queued ahead of it; a probe overdue by more than the limit
 *   counts as late already, so a loop far behind is seen before its probe gets its turn (realtime.maxDeliveryLagMs).
 *   The consumers' queues cannot be counted from here, so a burst of sends to a big room is stopped only once it
 *   makes the loop late: what it queued meanwhile is drained while sends are refused;</li>
 *   <li>what its sockets were handed and have not read (realtime.maxQueuedBytesPerNode, this instance's share; each
 *   socket has its own bound too, realtime.maxQueuedBytes, past which it is dropped).</li>
 * </ul>
 * Past either, the gateway refuses new chat sends as busy and drops typing signals until the backlog is down; unread
 * bytes that stay over their bound cost the socket holding the most its connection.
 *
 * <p>Used only on the event loop of the verticle instance that created it.
 */
final class DeliveryBacklog {

    static final long PROBE_MS = 100;

    private final Vertx vertx;
    private final long maxLagNanos;
    private final long maxQueuedBytes;
    private long probeDueNanos;
    private long lastLagNanos;
    private long queuedBytes;
    /** When the unread bytes went over their bound, while they stay over it; 0 when under. */
    private long overBytesSinceNanos;
    private final Set<OutgoingBytes> holders = new HashSet<>();

    DeliveryBacklog(Vertx vertx, long maxLagMs, long maxQueuedBytes) {
        this.vertx = vertx;
        this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMs);
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Starts probing; call on the gateway instance's own context (its timers end when it is undeployed). */
    void start() {
        probeDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
        vertx.setTimer(PROBE_MS, id -> {
            lastLagNanos = System.nanoTime() - probeDueNanos;
            dropTheSlowestWhenOverTooLong();
            start();
        });
    }

    /**
     * Refusing sends does not shrink what readers that stopped reading hold (they may still answer pings): once the
     * unread bytes have stayed over their bound for as long as the lag bound, the socket holding the most is dropped,
     * one a probe, until they are under it.
     */
    private void dropTheSlowestWhenOverTooLong() {
        if (queuedBytes <= maxQueuedBytes) {
            overBytesSinceNanos = 0;
            return;
        }
        long now = System.nanoTime();
        if (overBytesSinceNanos == 0) {
            overBytesSinceNanos = now;
        } else if (now - overBytesSinceNanos >= maxLagNanos) {
            holders.stream().max(Comparator.comparingInt(OutgoingBytes::queued)).ifPresent(OutgoingBytes::drop);
        }
    }

    void holds(OutgoingBytes socket) {
        holders.add(socket);
    }

    void forget(OutgoingBytes socket) {
        holders.remove(socket);
    }

    /** Bytes handed to one of this instance's sockets ({@code +}) or written or dropped ({@code -}). */
    void queued(int bytes) {
        queuedBytes += bytes;
    }

    /** Whether this instance holds more undelivered work than the settings allow. */
    boolean behind() {
        return queuedBytes > maxQueuedBytes
            || Math.max(lastLagNanos, System.nanoTime() - probeDueNanos) > maxLagNanos;
    }
}
