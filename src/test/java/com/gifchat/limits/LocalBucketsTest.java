package com.gifchat.limits;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** One node's buckets: refusals say how long to wait, and memory stays bounded however many keys come. */
class LocalBucketsTest {

    @Test
    void anEmptyBucketRefusesAndSaysWhenTheNextTokenComes() {
        LocalBuckets buckets = new LocalBuckets(Limit.UPLOAD, Rates.of("2/1m"), 100, Ticker.systemTicker());

        assertTrue(buckets.take("alice").allowed());
        assertTrue(buckets.take("alice").allowed());
        Verdict third = buckets.take("alice");

        assertFalse(third.allowed());
        assertTrue(third.retryAfterSeconds() > 25 && third.retryAfterSeconds() <= 30, "one token every 30 s: " + third);
        assertEquals("Too many uploads; try again in " + third.retryAfterSeconds() + " s.", third.refusal().getMessage());
        assertEquals(4290, third.refusal().failureCode());
        assertTrue(buckets.take("bob").allowed(), "buckets are per key");
    }

    @Test
    void aFloodOfNewKeysNeverHoldsMoreThanTheBound() {
        LocalBuckets buckets = new LocalBuckets(Limit.NEW_SOCKET, Rates.of("5/1h"), 1000, Ticker.systemTicker());

        for (int i = 0; i < 20_000; i++) {
            buckets.take("198.51." + (i / 256) + "." + (i % 256));
        }

        assertTrue(buckets.size() <= 1000, buckets.size() + " buckets held");
    }

    @Test
    void aBucketUnusedForItsRefillTimeIsForgotten() {
        AtomicLong nanos = new AtomicLong();
        LocalBuckets buckets = new LocalBuckets(Limit.CHAT_SEND, Rates.of("3/10s, 20/1m"), 1000, nanos::get);
        buckets.take("alice");
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(1, buckets.size(), "not yet full again: kept");

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        assertEquals(0, buckets.size(), "full again after a minute: nothing to remember");
    }

    @Test
    void anOffLimitAllowsEverythingAndHoldsNothing() {
        LocalBuckets buckets = new LocalBuckets(Limit.CHAT_SEND, Rates.of("off"), 1000, Ticker.systemTicker());

        for (int i = 0; i < 100; i++) {
            assertTrue(buckets.take("alice").allowed());
        }
        assertEquals(0, buckets.size());
    }

    @Test
    void waitsAreSaidInWordsAPersonReads() {
        assertEquals("45 s", RateLimited.inWords(45));
        assertEquals("12 min", RateLimited.inWords(717));
        assertEquals("3 h", RateLimited.inWords(3 * 3600 - 5));
    }
}
