package com.gifchat.support;

import com.gifchat.MainVerticle;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole app, deployed as in production, against an in-memory MongoDB-wire server of the test's own, so tests
 * can look into the database through the real driver too.
 */
public final class TestApp implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough that no room a test creates is reaped under it; the reaper has its own test with a short one. */
    public static final int TEST_GRACE_MS = 60_000;
    public static final int TEST_REAP_INTERVAL_MS = 100;

    private final Vertx vertx;
    private final MongoServer mongoServer;
    private final JsonObject config;
    private final MongoClient mongo;

    private final String deployment;

    private TestApp(Vertx vertx, MongoServer mongoServer, JsonObject config, String deployment) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.mongoServer = mongoServer;
        this.config = config;
        this.mongo = MongoClient.create(vertx, new JsonObject()
            .put("connection_string", mongoServer.getConnectionString()).put("db_name", config.getString("mongo.db_name")));
    }

    public static TestApp start(Vertx vertx) {
        return start(vertx, new JsonObject());
    }

    /** The app as a person runs it, on its own embedded in-memory database; {@link #mongo()} is then not available. */
    public static TestApp startOnEmbeddedDefault(Vertx vertx, JsonObject overrides) {
        return start(vertx, new JsonObject().put("mongo.connection_string", "").put("embedded.storage", "memory").mergeIn(overrides));
    }

    public static TestApp start(Vertx vertx, JsonObject overrides) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        JsonObject config = new JsonObject()
            .put("http.host", "127.0.0.1")
            .put("http.port", freePort())
            .put("realtime.port", freePort())
            .put("mongo.connection_string", mongoServer.getConnectionString())
            .put("mongo.db_name", "gifchat_test")
            .put("data.dir", temporaryFolder().toString())
            .put("security.secret", "test-secret")
            .put("realtime.leaveDelayMs", 0)
            .put("presence.heartbeatMs", 200)
            .put("presence.nodeTimeoutMs", 1000)
            .put("rooms.emptyGraceMs", TEST_GRACE_MS)
            .put("rooms.reapIntervalMs", TEST_REAP_INTERVAL_MS)
            .mergeIn(overrides);
        String deployment = await(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config)));
        return new TestApp(vertx, mongoServer, config, deployment);
    }

    public int httpPort() {
        return config.getInteger("http.port");
    }

    public int realtimePort() {
        return config.getInteger("realtime.port");
    }

    public Vertx vertx() {
        return vertx;
    }

    /** A direct view of the database, for checking what was (or was not) stored. */
    public MongoClient mongo() {
        return mongo;
    }

    /** The app's own node, as it records itself in the store: connections on it stay while it beats. */
    public String liveNodeId() {
        return await(mongo.find("nodes", new JsonObject())).get(0).getString("_id");
    }

    public HttpSession browser() {
        return new HttpSession(vertx, httpPort());
    }

    public BridgeClient bridge() {
        return BridgeClient.connect(vertx, realtimePort());
    }

    @Override
    public void close() {
        await(vertx.undeploy(deployment));
        mongo.close();
        mongoServer.shutdownNow();
    }

    public static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no result within " + WAIT, e);
        }
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("gifchat-test");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
