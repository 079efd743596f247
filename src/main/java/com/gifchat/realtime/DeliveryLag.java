package com.gifchat.realtime;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * How far behind one gateway instance's event loop runs. A room's message reaches each of its sockets as a task on
 * the event loop that serves the socket, so a node that is handed more deliveries than it can make keeps them in
 * those queues, and its memory grows with them. A timer on the loop every {@link #PROBE_MS} measures the queue: it
 * runs late by the work queued ahead of it. Past {@code realtime.maxDeliveryLagMs} the gateway refuses new chat sends
 * as busy and drops typing signals, so the queue drains instead of growing; a probe that is overdue by more than that
 * counts as late already, so a loop far behind is noticed before its probe gets its turn.
 *
 * <p>Used only on the event loop of the verticle instance that created it.
 */
final class DeliveryLag {

    static final long PROBE_MS = 100;

    private final Vertx vertx;
    private final long maxLagNanos;
    private long probeDueNanos;
    private long lastLagNanos;

    DeliveryLag(Vertx vertx, long maxLagMs) {
        this.vertx = vertx;
        this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMs);
    }

    /** Starts probing; call on the gateway instance's own context (its timers end when it is undeployed). */
    void start() {
        probeDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
        vertx.setTimer(PROBE_MS, id -> {
            lastLagNanos = System.nanoTime() - probeDueNanos;
            start();
        });
    }

    /** Whether deliveries on this loop wait longer than the setting allows. */
    boolean behind() {
        return Math.max(lastLagNanos, System.nanoTime() - probeDueNanos) > maxLagNanos;
    }
}
