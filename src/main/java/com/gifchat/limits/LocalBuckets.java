package com.gifchat.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * One limit's buckets in this node's memory, one per key. A bucket unused for its refill time is full again, so it
 * is dropped then without changing anything; and there are never more than {@code maxBuckets}, so that a flood of
 * new keys cannot grow the memory (the least used go first). Safe to use from several event loops at once.
 */
final class LocalBuckets {

    private final Limit limit;
    private final Rates rates;
    private final Cache<String, Bucket> buckets;

    LocalBuckets(Limit limit, Rates rates, long maxBuckets, Ticker ticker) {
        this.limit = limit;
        this.rates = rates;
        this.buckets = Caffeine.newBuilder()
            .maximumSize(maxBuckets)
            .expireAfterAccess(rates.refillTime())
            .ticker(ticker)
            .build();
    }

    Verdict take(String key) {
        if (rates.off()) {
            return Verdict.allowed(limit);
        }
        return Verdict.of(limit, buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1));
    }

    /** Buckets held now, after any due expiry or eviction. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        LocalBucketBuilder builder = Bucket.builder();
        rates.bandwidths().forEach(builder::addLimit);
        return builder.build();
    }
}
