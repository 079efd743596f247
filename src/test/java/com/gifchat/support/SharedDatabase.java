package com.gifchat.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB-wire server and a Vert.x of the test's own, so that apps it starts one after another (a restart) find the
 * same data. Register it per test ({@code @RegisterExtension final SharedDatabase database = new SharedDatabase();});
 * both go after each test.
 */
public final class SharedDatabase implements AfterEachCallback {

    private final Vertx vertx = Vertx.vertx();
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String connectionString;

    public SharedDatabase() {
        server.bind("127.0.0.1", 0);
        connectionString = server.getConnectionString();
    }

    /** An app on this database; close it to "stop the process", and start another to "restart" it. */
    public TestApp app(JsonObject overrides) {
        return TestApp.start(vertx, new JsonObject().put("mongo.connection_string", connectionString).mergeIn(overrides));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestApp.await(vertx.close());
        server.shutdownNow();
    }
}
