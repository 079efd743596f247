package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.ext.auth.prng.VertxContextPRNG;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Room passwords, salted and hashed with PBKDF2 (vert.x auth-common). Hashing costs a large fraction of a second of
 * CPU on purpose, so it runs on a small pool of its own, never on the event loop nor on Vert.x's shared worker pool:
 * however many guesses arrive, they cannot take more than that pool's threads from the rest of the chat. At most
 * {@code queue} more wait for a thread; beyond that, a check is refused at once (UNAVAILABLE), which costs nothing.
 */
final class Passwords {

    private static final String ALGORITHM = "pbkdf2";
    private static final int SALT_LENGTH = 32;
    static final String BUSY = "Too many people are entering passwords right now. Please try again in a few seconds.";

    private final Vertx vertx;
    private final HashingStrategy hashing = HashingStrategy.load();
    private final WorkerExecutor pool;
    private final int mostAtOnce;
    /** Rounds for a new hash (rooms.passwordHashIterations); a stored hash names its own, so older ones still match. */
    private final String iterations;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code poolName} must be this node's own: pools of one name are shared. */
    Passwords(Vertx vertx, String poolName, int workers, int queue, int iterations) {
        this.vertx = vertx;
        this.iterations = String.valueOf(iterations);
        this.pool = vertx.createSharedWorkerExecutor(poolName, workers);
        this.mostAtOnce = workers + queue;
    }

    Future<String> hash(String password) {
        String salt = VertxContextPRNG.current(vertx).nextString(SALT_LENGTH);
        return run(() -> hashing.hash(ALGORITHM, Map.of("it", iterations), salt, password));
    }

    Future<Boolean> matches(String hash, String password) {
        return run(() -> hashing.verify(hash, password));
    }

    private <T> Future<T> run(Callable<T> job) {
        if (inFlight.incrementAndGet() > mostAtOnce) {
            inFlight.decrementAndGet();
            return Failure.UNAVAILABLE.future(BUSY);
        }
        return pool.executeBlocking(job, false).onComplete(done -> inFlight.decrementAndGet());
    }
}
