package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.limits.RateLimited;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one place where event-bus failures become HTTP statuses and error bodies. */
final class HttpFailures {

    /** What a 503 asks a client to wait before trying again: about as long as a database failover takes to notice. */
    static final int RETRY_AFTER_S = 5;

    private HttpFailures() {
    }

    static int status(Failure failure) {
        return switch (failure) {
            case BAD_INPUT -> 400;
            case WRONG_PASSWORD, NOT_OWNER, NOT_ADMITTED, REMOVED, CROSS_SITE -> 403;
            case NO_SUCH_ROOM, NO_SUCH_FILE -> 404;
            case ROOM_FULL -> 409;
            case RATE_LIMITED -> 429;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /**
     * A refusal by a rate limit tells HTTP clients when to come back, as the words in its message do for people; so
     * does an unavailable chat, with a guess.
     */
    static void retryAfter(HttpServerResponse response, Throwable error) {
        if (error instanceof RateLimited limited) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
        } else if (error != null && Failure.of(error) == Failure.UNAVAILABLE) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_S));
        }
    }

    /**
     * Answers a refused request: counts the refusal in the metrics, tells when to come back where that is known
     * ({@link #retryAfter}), and returns the status to answer with.
     */
    static int refusal(HttpServerResponse response, Throwable error) {
        Failure failure = Failure.of(error);
        AppMetrics.refused(AppMetrics.HTTP, failure);
        retryAfter(response, error);
        return status(failure);
    }

    static JsonObject body(Throwable error) {
        Failure failure = Failure.of(error);
        return new JsonObject().put("error", new JsonObject().put("code", failure.code()).put("message", Failure.describe(error)));
    }
}
