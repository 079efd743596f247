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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages and the gateway start beside the store, not after it; until the store answers, the chat says so. */
class StartTest {

    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(10);
    private static final long RETRY_MS = 50;

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
    void pagesAnswerThatTheChatIsUnavailableUntilTheStoreConnects(@TempDir Path dataDir) throws Exception {
        Future<String> started = vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(new JsonObject()
            .put("http.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("realtime.port", TestApp.freePort())
            // nothing listens there yet: the driver keeps looking for the server
            .put("mongo.connection_string", "mongodb://127.0.0.1:" + databasePort)
            .put("data.dir", dataDir.toString())
            .put("security.secret", "test-secret")));

        HttpResponse<Buffer> whileConnecting = firstAnswerTo("/");
        assertEquals(503, whileConnecting.statusCode());
        assertTrue(whileConnecting.bodyAsString().contains("unavailable right now"), whileConnecting.bodyAsString());
        assertFalse(started.isComplete(), "the app claimed to be ready before its store was connected");

        database.bind("127.0.0.1", databasePort);
        TestApp.await(started);
        assertEquals(200, TestApp.await(web.get("/").send()).statusCode());
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
