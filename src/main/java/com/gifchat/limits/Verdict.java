package com.gifchat.limits;

import com.gifchat.metrics.AppMetrics;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/**
 * A limit's answer to one attempt: allowed, or refused until {@code retryAfterSeconds} have passed (at least 1).
 * {@link #refusal()} is the failure to answer a refused attempt with.
 */
public record Verdict(Limit limit, boolean allowed, long retryAfterSeconds) {

    static Verdict allowed(Limit limit) {
        return new Verdict(limit, true, 0);
    }

    static Verdict of(Limit limit, ConsumptionProbe probe) {
        if (probe.isConsumed()) {
            return allowed(limit);
        }
        AppMetrics.count("rate.limited", "limit", limit.name());
        // rounded up, so that a client waiting this long finds a token
        long seconds = (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
        return new Verdict(limit, false, Math.max(1, seconds));
    }

    /** The RATE_LIMITED failure a refused attempt is answered with; only for a refused verdict. */
    public RateLimited refusal() {
        if (allowed) {
            throw new IllegalStateException("an allowed attempt has no refusal");
        }
        return new RateLimited(limit, retryAfterSeconds);
    }

    /** Succeeds when allowed, else fails with {@link #refusal()}. */
    public Future<Void> future() {
        return allowed ? Future.succeededFuture() : Future.failedFuture(refusal());
    }
}
