package com.gifchat.support;

import com.gifchat.MainVerticle;
import com.gifchat.bus.Addresses;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The whole app, deployed as in production, against an in-memory MongoDB-wire server of the test's own, so tests
 * can look into the database through the real driver too. A test class that needs one app for all its tests registers
 * {@link #forClass()} as an extension; it starts, on a Vert.x of its own, before the class's {@code @BeforeAll}
 * methods and stops after its {@code @AfterAll} ones.
 */
public final class TestApp implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Where {@link #freePort} picks: above the well-known and common service ports, below the ephemeral range. */
    private static final int FIRST_PICKED_PORT = 20_000;
    private static final int FIRST_EPHEMERAL_PORT = 32_768;

    public static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * A JVM's first start of the app loads most of its classes (templates, the driver, metrics) on the event loops;
     * on a busy machine that alone can take longer than a request may.
     */
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** Long enough that no room a test creates is reaped under it; the reaper has its own test with a short one. */
    public static final int TEST_GRACE_MS = 60_000;
    public static final int TEST_REAP_INTERVAL_MS = 100;
    public static final int TEST_HASH_ITERATIONS = 1000;

    private final JsonObject overrides;
    private Vertx vertx;
    private MongoServer mongoServer;
    private JsonObject config;
    private MongoClient mongo;
    private String deployment;

    private TestApp(JsonObject overrides) {
        this.overrides = overrides;
    }

    /** One app for all tests of a class: {@code @RegisterExtension static final TestApp app = TestApp.forClass();} */
    public static TestApp forClass() {
        return forClass(new JsonObject());
    }

    public static TestApp forClass(JsonObject overrides) {
        return new TestApp(overrides);
    }

    /** The app as a person runs it, on its own embedded in-memory database; {@link #mongo()} is then not available. */
    public static TestApp forClassOnEmbeddedDefault(JsonObject overrides) {
        return forClass(new JsonObject().put("mongo.connection_string", "").put("embedded.storage", "memory").mergeIn(overrides));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        deployOn(Vertx.vertx());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
        await(vertx.close());
    }

    /** An app of a test's own, for a test that starts and stops it itself (one of several, or on a given Vert.x). */
    public static TestApp start(Vertx vertx, JsonObject overrides) {
        TestApp app = new TestApp(overrides);
        app.deployOn(vertx);
        return app;
    }

    private void deployOn(Vertx vertx) {
        this.vertx = vertx;
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        config = new JsonObject()
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
            // every test person comes from 127.0.0.1; the gateway's own test turns the per-address cap on
            .put("rooms.maxPeoplePerAddress", 0)
            // hashing at the packaged cost took a large share of the unit tests' CPU; PasswordPoolTest keeps it
            .put("rooms.passwordHashIterations", TEST_HASH_ITERATIONS)
            .mergeIn(withoutRateLimits())
            .mergeIn(overrides);
        deployment = await(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config)), START_WAIT);
        awaitStoreUp(vertx);
        mongo = MongoClient.create(vertx, new JsonObject()
            .put("connection_string", mongoServer.getConnectionString()).put("db_name", config.getString("mongo.db_name")));
    }

    /** The app listens at once and serves once its store first reaches the database; tests start from there. */
    public static void awaitStoreUp(Vertx vertx) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!await(vertx.eventBus().<JsonObject>request(Addresses.STORE_HEALTH, new JsonObject())).body().getBoolean("up")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store did not reach its database within " + WAIT);
            }
            await(vertx.timer(20));
        }
    }

    /**
     * Every test client comes from 127.0.0.1 and many tests act as scripts, so the rate limits are off unless a test
     * turns one on; the limits' own tests do, and one runs a person's pace against the packaged defaults.
     */
    public static JsonObject withoutRateLimits() {
        JsonObject off = new JsonObject();
        RATE_LIMITS.forEach(key -> off.put(key, "off"));
        return off;
    }

    public static final List<String> RATE_LIMITS = List.of("limits.chatSendsPerPerson", "limits.registrationsPerConnection",
        "limits.socketsPerAddress", "limits.uploadsPerPerson", "limits.roomsPerPerson", "limits.roomsPerAddress",
        "limits.passwordGuessesPerAddress", "limits.passwordGuessesPerRoom");

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
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonObject> nodes;
        // the first heartbeat goes out once the store reaches its database
        while ((nodes = await(mongo.find("nodes", new JsonObject()))).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the app recorded no heartbeat within " + WAIT);
            }
            await(vertx.timer(20));
        }
        return nodes.get(0).getString("_id");
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
        return await(future, WAIT);
    }

    public static <T> T await(io.vertx.core.Future<T> future, Duration wait) {
        try {
            return future.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no result within " + wait, e);
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

    /**
     * A port nothing listens on, never one handed out before in this JVM: an app's pages and gateway on one port would
     * share it silently (Vert.x balances one port's connections over the servers that listen on it). It is chosen
     * below Linux's ephemeral range (32768…): a port from that range can be taken as the local end of an outgoing
     * connection (a driver's, a cluster member's) between this call and the bind, which then fails.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PICKED_PORT, FIRST_EPHEMERAL_PORT);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port below " + FIRST_EPHEMERAL_PORT);
    }

    /**
     * The first of {@code count} consecutive ports that are all free now and none handed out before, picked where
     * {@link #freePort} picks: for scripts that number their nodes' ports from a base.
     */
    public static int freePortRun(int count) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(FIRST_PICKED_PORT, FIRST_EPHEMERAL_PORT - count);
            if (IntStream.range(base, base + count).allMatch(port -> !HANDED_OUT.contains(port) && isFree(port))
                    && IntStream.range(base, base + count).allMatch(HANDED_OUT::add)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports below " + FIRST_EPHEMERAL_PORT);
    }

    /** Whether a server could listen on {@code port} on every interface now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return socket.isBound();
        } catch (IOException taken) {
            return false;
        }
    }
}
