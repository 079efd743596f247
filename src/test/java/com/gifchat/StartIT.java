package com.gifchat;

import com.gifchat.support.TestApp;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages and the gateway start beside the store, not after it, and the app waits for its database as long as it
 * takes: meanwhile every page answers at once that the chat is unavailable, and /ready says why, until the database
 * appears and the app becomes ready by itself.
 */
class StartIT {

    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(10);
    /** Longer than any of the driver's own timeouts, so the app is seen to keep waiting rather than give up. */
    private static final Duration UNREACHABLE_FOR = Duration.ofSeconds(10);
    private static final long QUICK_ANSWER_MS = 2000;
    private static final long RETRY_MS = 50;
    private static final long POLL_MS = 500;

    private final Vertx vertx = Vertx.vertx();
    private final MongoServer database = new MongoServer(new MemoryBackend());
    private final int databasePort = TestApp.freePort();
    private final int httpPort = TestApp.freePort();
    private final WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort));

    @AfterEach
    void stop() {
        TestApp.await(vertx.close());
        database.shutdownNow();
    }

    @Test
    void theAppWaitsForItsDatabaseAnsweringUnavailableAtOnceAndBecomesReadyByItself(@TempDir Path dataDir) throws Exception {
        Future<String> started = vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(new JsonObject()
            .put("http.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("realtime.port", TestApp.freePort())
            // nothing listens there yet: the driver keeps looking for the server
            .put("mongo.connection_string", "mongodb://127.0.0.1:" + databasePort)
            .put("data.dir", dataDir.toString())
            .put("security.secret", "test-secret")));

        HttpResponse<Buffer> first = firstAnswerTo("/");
        assertEquals(503, first.statusCode());
        long until = System.nanoTime() + UNREACHABLE_FOR.toNanos();
        while (System.nanoTime() < until) {
            long asked = System.nanoTime();
            HttpResponse<Buffer> page = TestApp.await(web.get("/").send());
            HttpResponse<Buffer> ready = TestApp.await(web.get("/ready").send());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);

            assertEquals(503, page.statusCode());
            assertTrue(page.bodyAsString().contains("temporarily unavailable"), page.bodyAsString());
            assertTrue(page.bodyAsString().contains("http-equiv=\"refresh\""), "the page tries again by itself");
            assertEquals("5", page.getHeader("Retry-After"));
            assertEquals(503, ready.statusCode());
            assertEquals("DOWN", check(ready.bodyAsJsonObject(), "database").getString("status"));
            assertTrue(tookMs < QUICK_ANSWER_MS, "answered in " + tookMs + " ms");
            assertEquals(200, TestApp.await(web.get("/health").send()).statusCode());
            TestApp.await(vertx.timer(POLL_MS));
        }
        assertTrue(started.succeeded(), "the app keeps running while it waits for its database");

        database.bind("127.0.0.1", databasePort);
        HttpResponse<Buffer> ready = awaitStatus("/ready", 200);
        assertEquals("UP", check(ready.bodyAsJsonObject(), "database").getString("status"));
        assertEquals(200, TestApp.await(web.get("/").send()).statusCode());
    }

    private static JsonObject check(JsonObject health, String id) {
        return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
            .filter(check -> id.equals(check.getString("id"))).findFirst()
            .orElseThrow(() -> new AssertionError("no check " + id + " in " + health.encode()));
    }

    private HttpResponse<Buffer> awaitStatus(String path, int status) {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        while (true) {
            HttpResponse<Buffer> response = TestApp.await(web.get(path).send());
            if (response.statusCode() == status) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not answer " + status + " within " + TestApp.WAIT + ": " + response.bodyAsString());
            }
            TestApp.await(vertx.timer(RETRY_MS));
        }
    }

    /** The first response on a path, once the pages listen; connections refused before that are tried again. */
    private HttpResponse<Buffer> firstAnswerTo(String path) throws Exception {
        long deadline = System.nanoTime() + CONNECT_DEADLINE.toNanos();
        while (true) {
            try {
                return web.get(path).send().await(CONNECT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notListening) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the pages did not listen within " + CONNECT_DEADLINE, notListening);
                }
                Thread.sleep(RETRY_MS);
            }
        }
    }
}
