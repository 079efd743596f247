package com.gifchat.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Arrays;
import java.util.Optional;

/**
 * Failure codes carried by {@link ReplyException}s on the event bus. The numbers are part of the public contract
 * (docs/PROTOCOL.md), so each one is explicit and never derived from the declaration order.
 */
public enum Failure {
    BAD_INPUT(4000),
    WRONG_PASSWORD(4030),
    NOT_OWNER(4031),
    NOT_ADMITTED(4032),
    REMOVED(4033),
    /** A form or a write sent by another site's page (HTTP only: checked before anything reaches the bus). */
    CROSS_SITE(4034),
    NO_SUCH_ROOM(4040),
    NO_SUCH_FILE(4041),
    ROOM_FULL(4090),
    /** Too many attempts too fast: the message says how long to wait (see com.gifchat.limits). */
    RATE_LIMITED(4290),
    TOO_LARGE(4130),
    UNSUPPORTED_TYPE(4150),
    UNAVAILABLE(5030),
    INTERNAL(5000);

    private final int code;

    Failure(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public ReplyException exception(String message) {
        return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
    }

    public <T> Future<T> future(String message) {
        return Future.failedFuture(exception(message));
    }

    public static Optional<Failure> ofCode(int code) {
        return Arrays.stream(values()).filter(f -> f.code == code).findFirst();
    }

    /**
     * The failure a requester got back: ours when a consumer failed with one of our codes, UNAVAILABLE when nobody
     * answered in time, else INTERNAL.
     */
    public static Failure of(Throwable error) {
        if (!(error instanceof ReplyException reply)) {
            return INTERNAL;
        }
        if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return UNAVAILABLE;
        }
        return ofCode(reply.failureCode()).orElse(INTERNAL);
    }

    /**
     * What a person may read about a failure: our own messages, never an internal one. An UNAVAILABLE that a
     * consumer answered on purpose (an overloaded pool, say) keeps its words; a timeout's or a missing handler's are
     * Vert.x's own and are replaced.
     */
    public static String describe(Throwable error) {
        Failure failure = of(error);
        return switch (failure) {
            case INTERNAL -> "Something went wrong on our side. Please try again.";
            case UNAVAILABLE -> error instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                ? reply.getMessage() : "The chat is busy or unavailable right now. Please try again.";
            default -> error.getMessage();
        };
    }

    /** Answers a request with the failure {@code error} carries, keeping our code and message when it has them. */
    public static void reply(Message<?> request, Throwable error) {
        Failure failure = of(error);
        request.fail(failure.code, describe(error));
    }
}
