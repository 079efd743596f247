package com.gifchat.store;

import com.gifchat.bus.Failure;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Whether the database answers, judged by a ping every {@code intervalMs}. While it does not, store requests are
 * refused at once with UNAVAILABLE instead of waiting for the driver's own timeouts, and the requests in flight when it
 * stopped answering are refused too: a person hears within seconds that the chat is unavailable, and a replica-set
 * failover or a stopped database costs the log one line when it goes and one when it comes back.
 *
 * <p>A ping that times out while the database answered other requests after it was sent proves a slow database (or a
 * busy machine), not a gone one: refusing everything then would turn a slow second into an outage of its own.
 */
final class DatabaseHealth {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);
    static final String UNAVAILABLE_TEXT = "The chat is temporarily unavailable. Please try again in a moment.";
    private static final long WAITING_LOG_EVERY_MS = 5000;

    private final Vertx vertx;
    private final MongoClient client;
    private final String where;
    private final long intervalMs;
    private final long timeoutMs;
    private final Set<Promise<?>> inFlight = new HashSet<>();
    private boolean up;
    private boolean pinging;
    private boolean everUp;
    private boolean stopped;
    private long lastWaitingLog;
    /** When the database last answered a request (System.nanoTime), an error of its own included. */
    private long lastAnswer = System.nanoTime();
    private long timer = -1;
    private Future<Void> checked = Future.succeededFuture();

    DatabaseHealth(Vertx vertx, MongoClient client, String where, long intervalMs, long timeoutMs) {
        this.vertx = vertx;
        this.client = client;
        this.where = where;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Pings until the database answers and {@code prepare} (indexes, say) has run once, waiting as long as it takes,
     * then keeps watching. The future completes when the store first becomes usable.
     */
    Future<Void> watch(Supplier<Future<Void>> prepare) {
        Promise<Void> ready = Promise.promise();
        timer = vertx.setPeriodic(1, intervalMs, id -> check(prepare, ready));
        return ready.future();
    }

    /**
     * The store is about to close its clients: what still arrives is refused as unavailable, not failed against them.
     * Completes once the check under way (a ping, or the first preparation) is over: a client closed under a command
     * makes the driver log an error.
     */
    Future<Void> stop() {
        stopped = true;
        up = false;
        vertx.cancelTimer(timer);
        return checked;
    }

    boolean isUp() {
        return up;
    }

    String where() {
        return where;
    }

    /** Runs a store operation if the database answers; refuses it at once, or as soon as it stops answering, if not. */
    <T> Future<T> guard(Supplier<Future<T>> operation) {
        if (!up) {
            return Failure.UNAVAILABLE.future(UNAVAILABLE_TEXT);
        }
        Future<T> result = operation.get();
        Promise<T> answer = Promise.promise();
        inFlight.add(answer);
        result.onComplete(done -> {
            inFlight.remove(answer);
            if (done.succeeded() || !isConnectionProblem(done.cause())) {
                lastAnswer = System.nanoTime();
            }
            if (done.succeeded()) {
                answer.tryComplete(done.result());
            } else if (stopped || isConnectionProblem(done.cause())) {
                // while the store closes, what its closed clients say is not a failure of the request
                answer.tryFail(Failure.UNAVAILABLE.exception(UNAVAILABLE_TEXT));
            } else {
                answer.tryFail(done.cause());
            }
        });
        return answer.future();
    }

    private void check(Supplier<Future<Void>> prepare, Promise<Void> ready) {
        if (pinging) {
            return;
        }
        pinging = true;
        Promise<Void> over = Promise.promise();
        checked = over.future();
        long sent = System.nanoTime();
        client.runCommand("ping", new JsonObject().put("ping", 1))
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .compose(pong -> everUp ? Future.succeededFuture() : prepare.get())
            .onComplete(done -> {
                pinging = false;
                over.complete();
                if (stopped) {
                    return;
                }
                if (done.succeeded()) {
                    cameBack(ready);
                } else if (up && done.cause() instanceof TimeoutException && lastAnswer - sent > 0) {
                    log.debug("a ping to MongoDB at {} took over {} ms while other requests were answered", where, timeoutMs);
                } else if (up) {
                    wentDown(reason(done.cause()));
                } else if (!everUp) {
                    waiting(done.cause());
                }
            });
    }

    private void cameBack(Promise<Void> ready) {
        if (up) {
            return;
        }
        up = true;
        if (everUp) {
            log.info("MongoDB at {} answers again", where);
        } else {
            everUp = true;
            log.info("connected to MongoDB at {}", where);
            ready.complete();
        }
    }

    private void wentDown(String reason) {
        up = false;
        log.warn("MongoDB at {} does not answer ({}): the chat answers 'unavailable' until it does; check the database "
            + "and the network to it", where, reason);
        List<Promise<?>> refused = List.copyOf(inFlight);
        inFlight.clear();
        refused.forEach(promise -> promise.tryFail(Failure.UNAVAILABLE.exception(UNAVAILABLE_TEXT)));
    }

    private void waiting(Throwable cause) {
        long now = System.currentTimeMillis();
        if (now - lastWaitingLog >= WAITING_LOG_EVERY_MS) {
            lastWaitingLog = now;
            log.info("waiting for MongoDB at {} ({})", where, reason(cause));
        }
    }

    private String reason(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "no answer within " + timeoutMs + " ms";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** Failures that say the database is out of reach, not that the request was wrong. */
    static boolean isConnectionProblem(Throwable error) {
        return error instanceof MongoSocketException || error instanceof MongoTimeoutException
            || error instanceof MongoNotPrimaryException || error instanceof MongoNodeIsRecoveringException
            || error instanceof MongoServerUnavailableException || error instanceof MongoInterruptedException;
    }
}
