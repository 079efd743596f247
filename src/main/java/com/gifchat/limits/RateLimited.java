package com.gifchat.limits;

import com.gifchat.bus.Failure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A RATE_LIMITED failure that still knows how long to wait, for the Retry-After header. Across the event bus only
 * its code and message travel; the message says the wait in words.
 */
public final class RateLimited extends ReplyException {

    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;

    private final long retryAfterSeconds;

    RateLimited(Limit limit, long retryAfterSeconds) {
        super(ReplyFailure.RECIPIENT_FAILURE, Failure.RATE_LIMITED.code(),
            "Too many " + limit.what() + "; try again in " + inWords(retryAfterSeconds) + ".");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Seconds up to two minutes, then whole minutes (rounded up) up to two hours, then hours. */
    static String inWords(long seconds) {
        if (seconds < 2 * MINUTE) {
            return seconds + " s";
        }
        if (seconds < 2 * HOUR) {
            return (seconds + MINUTE - 1) / MINUTE + " min";
        }
        return (seconds + HOUR - 1) / HOUR + " h";
    }
}
