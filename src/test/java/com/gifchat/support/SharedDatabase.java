package com.gifchat.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A MongoDB-wire server of the test's own, so that apps it starts one after another (a restart) find the same data. */
public final class SharedDatabase implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String connectionString;

    public SharedDatabase() {
        server.bind("127.0.0.1", 0);
        connectionString = server.getConnectionString();
    }

    /** An app on this database; close it to "stop the process", and start another to "restart" it. */
    public TestApp app(Vertx vertx, JsonObject overrides) {
        return TestApp.start(vertx, new JsonObject().put("mongo.connection_string", connectionString).mergeIn(overrides));
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
