package com.gifchat.store;

import com.gifchat.support.TestApp;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data from an older version keeps working, without the upkeep of indexes the store no longer needs. */
@ExtendWith(VertxExtension.class)
class RetiredIndexTest {

    private static final String DATABASE = "gifchat_test";

    private MongoServer server;
    private MongoClient mongo;

    @BeforeEach
    void olderData(Vertx vertx) {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        mongo = MongoClient.create(vertx, new JsonObject()
            .put("connection_string", server.getConnectionString()).put("db_name", DATABASE));
        await(mongo.createIndexWithOptions("messages", new JsonObject().put("roomId", 1).put("seq", 1),
            new IndexOptions().unique(true).name("room_seq_unique")));
    }

    @AfterEach
    void stop() {
        await(mongo.close());
        server.shutdownNow();
    }

    @Test
    void theUniqueNumberIndexOfOlderDataIsDroppedAtStart(Vertx vertx) {
        try (TestApp app = TestApp.start(vertx, new JsonObject()
            .put("mongo.connection_string", server.getConnectionString()).put("mongo.db_name", DATABASE))) {
            List<String> names = await(mongo.listIndexes("messages")).stream()
                .map(index -> ((JsonObject) index).getString("name")).toList();

            assertFalse(names.contains("room_seq_unique"), names.toString());
            assertTrue(names.contains("_id_"), names.toString());
        }
    }
}
