package com.gifchat.limits;

import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets every node of the cluster shares, in a Hazelcast map of the cluster's own Hazelcast (the one vertx-hazelcast
 * runs). Each attempt is one entry processor on the key's owner, so nodes taking from one bucket at once never lose
 * a take. An entry lives as long as its bucket needs to fill up again, so idle buckets leave the map by themselves.
 */
final class ClusterBuckets {

    static final String MAP = "gifchat.limits";

    private static final Logger log = LoggerFactory.getLogger(ClusterBuckets.class);
    /** A cluster that cannot answer within this long does not hold up a page: the attempt is let through. */
    private static final long TIMEOUT_MS = 3000;
    private static final long QUIET_LOGGING_MS = TimeUnit.MINUTES.toMillis(1);
    private static final Duration KEEP_WHEN_FULL = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Future<AsyncProxyManager<String>> proxies;
    private final AtomicLong lastWarning = new AtomicLong();

    ClusterBuckets(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        // getMap may wait for the other members, so it is not called on an event loop
        this.proxies = vertx.executeBlocking(() -> Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL))
            .build()
            .asAsync());
    }

    Future<Verdict> take(Limit limit, Rates rates, String key) {
        if (rates.off()) {
            return Future.succeededFuture(Verdict.allowed(limit));
        }
        BucketConfiguration configuration = rates.configuration();
        var context = vertx.getOrCreateContext();
        return proxies
            .compose(proxy -> Future.fromCompletionStage(proxy.builder()
                .build(limit.bucketKey(key), () -> CompletableFuture.completedFuture(configuration))
                .tryConsumeAndReturnRemaining(1), context))
            .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .map(probe -> Verdict.of(limit, probe))
            .recover(error -> {
                warnNowAndThen(limit, error);
                return Future.succeededFuture(Verdict.allowed(limit));
            });
    }

    /**
     * Letting attempts through while the cluster cannot count them keeps the chat usable; saying so once a minute
     * keeps the log readable.
     */
    private void warnNowAndThen(Limit limit, Throwable error) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= QUIET_LOGGING_MS && lastWarning.compareAndSet(last, now)) {
            log.warn("the cluster could not count an attempt against {}, so it was allowed (and any more for a minute "
                + "are allowed without this line): {}; check the cluster's health (GET /ready) and the Hazelcast log lines", limit, error.toString());
        }
    }
}
