package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The documents the embedded store keeps share their field names, whether they were inserted, updated or read back
 * from the file, and keep their values and field order.
 */
@ExtendWith(VertxExtension.class)
class FieldNamesTest {

    private static final String DATABASE = "test";
    private static final String COLLECTION = "members";

    @Test
    void aSharedCopyKeepsValuesAndFieldOrder() {
        Document member = new Document("_id", "r/a").append("roomId", "r").append("conns", List.of(new Document("id", "c1").append("node", "n")));
        Document shared = FieldNames.shared(member);
        assertEquals(member, shared);
        assertEquals(List.copyOf(member.keySet()), List.copyOf(shared.keySet()));
    }

    @Test
    void insertedAndUpdatedDocumentsShareTheirFieldNames(Vertx vertx, @TempDir Path dir) throws Exception {
        CommittingH2Backend backend = new CommittingH2Backend(dir.resolve("store.mv").toString());
        writeTwoMembers(vertx, backend, () -> sameFieldNames(backend));
    }

    @Test
    void documentsReadBackFromTheFileShareTheirFieldNames(Vertx vertx, @TempDir Path dir) throws Exception {
        String file = dir.resolve("store.mv").toString();
        writeTwoMembers(vertx, new CommittingH2Backend(file), () -> { });
        CommittingH2Backend reader = new CommittingH2Backend(file);
        try {
            sameFieldNames(reader);
        } finally {
            reader.close();
        }
    }

    /**
     * Writes two members of a room, the first with a second connection pushed by an update, then runs {@code check}
     * before it closes the backend.
     */
    private static void writeTwoMembers(Vertx vertx, CommittingH2Backend backend, Runnable check) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", server.getConnectionString()).put("db_name", DATABASE));
        try {
            mongo.insert(COLLECTION, member("r/a", "c1")).await();
            mongo.insert(COLLECTION, member("r/b", "c2")).await();
            mongo.updateCollection(COLLECTION, new JsonObject().put("_id", "r/a"),
                new JsonObject().put("$push", new JsonObject().put("conns", new JsonObject().put("id", "c3").put("node", "n")))).await();
            check.run();
        } finally {
            mongo.close().await();
            server.shutdownNow();
        }
    }

    private static JsonObject member(String id, String connection) {
        return new JsonObject().put("_id", id).put("roomId", "r")
            .put("conns", new JsonArray().add(new JsonObject().put("id", connection).put("node", "n")));
    }

    private static void sameFieldNames(CommittingH2Backend backend) {
        MVMap<Object, Document> documents = backend.getMvStore().openMap("databases." + DATABASE + "." + COLLECTION);
        Document first = documents.get("r/a");
        Document second = documents.get("r/b");
        assertSame(nameOf(first, "roomId"), nameOf(second, "roomId"));
        Document firstConnection = connection(first, 0);
        assertSame(nameOf(firstConnection, "node"), nameOf(connection(second, 0), "node"));
        assertSame(nameOf(firstConnection, "node"), nameOf(connection(first, 1), "node"), "the connection an update added");
    }

    private static Document connection(Document member, int index) {
        return (Document) ((List<?>) member.get("conns")).get(index);
    }

    private static String nameOf(Document document, String name) {
        return document.keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }
}
