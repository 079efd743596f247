package com.gifchat.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one measured run counts, shared by every simulated person's handler. Each run has its own id, carried in the
 * text of its messages, so deliveries of a warm-up or of an earlier run are never counted in this one.
 */
final class Tally {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    final int id = NEXT_ID.incrementAndGet();
    final long expected;
    final Histogram latencyMicros = new Histogram(MAX_LATENCY_MICROS, SIGNIFICANT_DIGITS);
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicLong replies = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedDeliveries = new AtomicLong();
    /** Typing signals sent, and typing notices received over all subscribers (the typing scenario). */
    final AtomicLong typingSent = new AtomicLong();
    final AtomicLong typingDelivered = new AtomicLong();
    final CountDownLatch allDelivered;

    Tally(long expected) {
        this.expected = expected;
        this.allDelivered = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, expected));
    }

    /** The text of message {@code number} of {@code sender} in this run, sent now. */
    String text(int sender, long number) {
        return "b" + id + ":" + sender + ":" + number + ":" + System.nanoTime();
    }

    synchronized void latency(long micros) {
        latencyMicros.recordValue(Math.max(0, Math.min(MAX_LATENCY_MICROS, micros)));
    }

    void delivered() {
        delivered.incrementAndGet();
        allDelivered.countDown();
        synchronized (delivered) {
            delivered.notifyAll();
        }
    }

    /**
     * Waits until {@code count} deliveries arrived or {@code timeoutMillis} passed, for runs whose total is known
     * only at their end (the write path); false on timeout.
     */
    boolean awaitDelivered(long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (delivered) {
            while (delivered.get() < count) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                delivered.wait(left);
            }
        }
        return true;
    }

    /**
     * A send the server refused (busy): the {@code deliveries} it would have made are not expected any more, so a cell
     * whose refusals left it nothing to wait for ends without waiting out its drain time.
     */
    void refused(int deliveries) {
        refused.incrementAndGet();
        refusedDeliveries.addAndGet(deliveries);
        for (int i = 0; i < deliveries; i++) {
            allDelivered.countDown();
        }
    }

    /** Deliveries of accepted sends that did not arrive. */
    long undelivered() {
        return Math.max(0, expected - refusedDeliveries.get() - delivered.get());
    }
}
