package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A document in the embedded store never changes once stored: H2 may be writing it to the file on another thread at
 * any time. Updates, through the driver, put a changed copy in its place and leave the stored one as it was.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedCollectionTest {

    @Test
    void updatesReplaceAStoredDocumentInsteadOfChangingIt(Vertx vertx, @TempDir Path dir) {
        CommittingH2Backend backend = new CommittingH2Backend(dir.resolve("store.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        MongoClient mongo = MongoClient.create(vertx, new JsonObject()
            .put("connection_string", server.getConnectionString()).put("db_name", "test"));
        try {
            JsonObject byId = new JsonObject().put("_id", "room");
            mongo.insert("rooms", byId.copy().put("seq", 0L).put("memberCount", 0).put("emptySince", 5L)
                .put("bans", new JsonArray().add(new JsonObject().put("id", "someone")))).await();
            MVMap<Object, Document> rooms = backend.getMvStore().openMap("databases.test.rooms");

            Document stored = rooms.get("room");
            Document asStored = stored.cloneDeeply();
            mongo.updateCollection("rooms", byId, new JsonObject()
                .put("$inc", new JsonObject().put("memberCount", 1))
                .put("$unset", new JsonObject().put("emptySince", ""))
                .put("$push", new JsonObject().put("bans", new JsonObject().put("id", "another")))).await();
            assertEquals(asStored, stored, "an update changed the document the store held");
            assertNotSame(stored, rooms.get("room"));
            assertFalse(rooms.get("room").containsKey("emptySince"));
            assertEquals(2, ((List<?>) rooms.get("room").get("bans")).size());

            stored = rooms.get("room");
            asStored = stored.cloneDeeply();
            JsonObject updated = mongo.findOneAndUpdateWithOptions("rooms", byId, new JsonObject()
                    .put("$inc", new JsonObject().put("seq", 3L))
                    .put("$set", new JsonObject().put("emptySince", 7L)),
                new FindOptions(), new UpdateOptions().setReturningNewDocument(true)).await();
            assertEquals(asStored, stored, "a find-and-modify changed the document the store held");
            assertEquals(3L, updated.getLong("seq"));
            assertEquals(7L, ((Number) rooms.get("room").get("emptySince")).longValue());
        } finally {
            mongo.close().await();
            server.shutdownNow();
        }
    }
}
