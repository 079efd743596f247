package com.gifchat.store;

import com.gifchat.store.embedded.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ping slower than mongo.timeoutMs does not make the store refuse everything while the database answers other
 * requests (a busy machine, say); with nothing else answered meanwhile, it still does. The database is the real
 * embedded server behind the real driver; only the ping's answer is held back, by a client that forwards everything
 * else.
 */
@ExtendWith(VertxExtension.class)
class SlowPingTest {

    private static final long TIMEOUT_MS = 200;
    private static final long PING_DELAY_MS = 3 * TIMEOUT_MS;
    private static final long INTERVAL_MS = 50;
    private static final long WATCHED_MS = 3000;

    private EmbeddedMongo embedded;
    private MongoClient mongo;
    private final AtomicBoolean slowPings = new AtomicBoolean();

    @BeforeEach
    void database(Vertx vertx) {
        embedded = EmbeddedMongo.inMemory();
        MongoClient real = MongoClient.create(vertx, new JsonObject().put("connection_string", embedded.start(0))
            .put("db_name", "test"));
        mongo = (MongoClient) Proxy.newProxyInstance(MongoClient.class.getClassLoader(), new Class<?>[] {MongoClient.class},
            (proxy, method, args) -> {
                try {
                    Object answer = method.invoke(real, args);
                    boolean ping = "runCommand".equals(method.getName()) && "ping".equals(args[0]);
                    return ping && slowPings.get() ? later(vertx, (Future<?>) answer) : answer;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    @AfterEach
    void close() {
        mongo.close();
        embedded.stop();
    }

    @Test
    void aSlowPingWhileOtherRequestsAreAnsweredKeepsTheStoreUp(Vertx vertx) throws Exception {
        DatabaseHealth health = startedHealth(vertx);
        slowPings.set(true);

        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WATCHED_MS);
        while (System.nanoTime() < until) {
            // a steady trickle of requests, every one of them answered by the database
            health.guard(() -> mongo.count("rooms", new JsonObject())).await(10, TimeUnit.SECONDS);
            assertTrue(health.isUp(), "a slow ping alone did not take the store down");
            Thread.sleep(INTERVAL_MS / 2);
        }
    }

    @Test
    void aSlowPingWithNothingElseAnsweredStillTakesTheStoreDown(Vertx vertx) throws Exception {
        DatabaseHealth health = startedHealth(vertx);
        slowPings.set(true);

        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WATCHED_MS);
        while (health.isUp() && System.nanoTime() < until) {
            Thread.sleep(INTERVAL_MS);
        }
        assertFalse(health.isUp(), "no answer within mongo.timeoutMs and none to anything else: unavailable");
    }

    private DatabaseHealth startedHealth(Vertx vertx) throws Exception {
        DatabaseHealth health = new DatabaseHealth(vertx, mongo, "the embedded server", INTERVAL_MS, TIMEOUT_MS);
        health.watch(Future::succeededFuture).await(10, TimeUnit.SECONDS);
        return health;
    }

    private static Future<?> later(Vertx vertx, Future<?> answer) {
        Promise<Object> delayed = Promise.promise();
        answer.onComplete(done -> vertx.setTimer(PING_DELAY_MS, id -> delayed.handle(done.map(Object.class::cast))));
        return delayed.future();
    }
}
