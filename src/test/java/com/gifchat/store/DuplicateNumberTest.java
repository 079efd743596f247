package com.gifchat.store;

import com.gifchat.store.embedded.EmbeddedMongo;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What numbering in memory relies on, on the embedded file store as on MongoDB: a message whose number its room
 * already has is refused as a duplicate key (code 11000), and an ordered insert stores the messages before it, not
 * the ones after, and says at which message it stopped. Also after a restart, from the file.
 */
@ExtendWith(VertxExtension.class)
class DuplicateNumberTest {

    private static final int DUPLICATE_KEY = 11000;

    @Test
    void aNumberTakenStopsAnOrderedInsertThereWithCode11000(Vertx vertx, @TempDir Path dir) {
        EmbeddedMongo embedded = EmbeddedMongo.inFile(dir);
        MongoClient mongo = client(vertx, embedded.start(0));
        try {
            mongo.insert("messages", message("r", 3)).await();

            Throwable refused = assertThrows(Throwable.class, () -> mongo.bulkWriteWithOptions("messages",
                List.of(insert("s", 1), insert("r", 2), insert("r", 3), insert("r", 4), insert("s", 2)),
                new BulkWriteOptions(true)).await());

            MongoBulkWriteException bulk = assertInstanceOf(MongoBulkWriteException.class, refused);
            assertEquals(1, bulk.getWriteErrors().size(), bulk.getMessage());
            BulkWriteError error = bulk.getWriteErrors().get(0);
            assertEquals(DUPLICATE_KEY, error.getCode());
            assertEquals(2, error.getIndex());
            assertEquals(List.of("r-2", "r-3", "s-1"), ids(mongo));
        } finally {
            mongo.close().await();
            embedded.stop();
        }

        EmbeddedMongo reopened = EmbeddedMongo.inFile(dir);
        MongoClient again = client(vertx, reopened.start(0));
        try {
            assertEquals(List.of("r-2", "r-3", "s-1"), ids(again));
            Throwable refused = assertThrows(Throwable.class, () -> again.bulkWriteWithOptions("messages",
                List.of(insert("r", 4), insert("s", 1)), new BulkWriteOptions(true)).await());
            assertEquals(DUPLICATE_KEY, assertInstanceOf(MongoBulkWriteException.class, refused).getWriteErrors().get(0).getCode());
            assertEquals(List.of("r-2", "r-3", "r-4", "s-1"), ids(again));
        } finally {
            again.close().await();
            reopened.stop();
        }
    }

    private static List<String> ids(MongoClient mongo) {
        return mongo.find("messages", new JsonObject()).await().stream().map(message -> message.getString("_id")).sorted().toList();
    }

    private static BulkOperation insert(String roomId, long seq) {
        return BulkOperation.createInsert(message(roomId, seq));
    }

    private static JsonObject message(String roomId, long seq) {
        return new JsonObject().put("_id", Messages.messageId(roomId, seq)).put("roomId", roomId).put("seq", seq);
    }

    private static MongoClient client(Vertx vertx, String address) {
        return MongoClient.create(vertx, new JsonObject().put("connection_string", address).put("db_name", "numbers")
            .put("writeConcern", "JOURNALED"));
    }
}
