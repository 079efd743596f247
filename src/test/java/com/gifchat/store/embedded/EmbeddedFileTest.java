package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The embedded store's data file: it reopens with every document and its unique indexes intact, documents keep
 * every value type across a restart, and an updated document keeps its last values.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedFileTest {

    private static final int DOCUMENTS = 300;
    private static final String COLLECTION = "messages";

    @Test
    void aFileOfOurBackendReopensWithItsIndexesIntact(Vertx vertx, @TempDir Path dir) throws Exception {
        String file = dir.resolve("store.mv").toString();
        writeDocuments(vertx, new CommittingH2Backend(file));
        checkDocuments(vertx, new CommittingH2Backend(file));
    }

    @Test
    void aDocumentKeepsEveryValueTypeAcrossARestart(Vertx vertx, @TempDir Path dir) throws Exception {
        String file = dir.resolve("store.mv").toString();
        JsonObject original = new JsonObject()
            .put("_id", "typed")
            .put("text", "héllo, wörld")
            .put("int", 42)
            .put("long", 1L << 40)
            .put("double", 2.5)
            .put("yes", true)
            .put("nothing", (Object) null)
            .put("bytes", new byte[] {0, 1, (byte) 255})
            .put("at", new JsonObject().put("$date", "2026-11-25T10:15:30Z"))
            .put("nested", new JsonObject().put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("three", 3L))));
        withMongo(vertx, new CommittingH2Backend(file), mongo -> mongo.insert("typed", original).await());
        withMongo(vertx, new CommittingH2Backend(file), mongo -> {
            assertEquals(original, mongo.findOne("typed", new JsonObject().put("_id", "typed"), null).await());
            return null;
        });
    }

    /**
     * Each commit rewrites whole pages, and an update replaces its document with a changed copy (EmbeddedCollection):
     * what the file keeps is the last values, and the documents beside it unchanged.
     */
    @Test
    void updatesBetweenCommitsThatRewriteTheirPagesAreWhatTheFileKeeps(Vertx vertx, @TempDir Path dir) throws Exception {
        String file = dir.resolve("store.mv").toString();
        int rounds = 50;
        withMongo(vertx, new CommittingH2Backend(file), mongo -> {
            for (int seq = 1; seq <= DOCUMENTS; seq++) {
                mongo.insert(COLLECTION, document(seq)).await();
            }
            for (int round = 1; round <= rounds; round++) {
                // each update is a commit of its own that rewrites the page, beside a new document on the same page
                mongo.updateCollection(COLLECTION, new JsonObject().put("_id", "room-7"),
                    new JsonObject().put("$set", new JsonObject().put("text", "edited " + round))).await();
                mongo.insert(COLLECTION, document(DOCUMENTS + round)).await();
            }
            return null;
        });
        withMongo(vertx, new CommittingH2Backend(file), mongo -> {
            assertEquals("edited " + rounds, mongo.findOne(COLLECTION, new JsonObject().put("_id", "room-7"), null).await()
                .getString("text"));
            assertEquals("message 8", mongo.findOne(COLLECTION, new JsonObject().put("_id", "room-8"), null).await()
                .getString("text"));
            assertEquals(DOCUMENTS + rounds, mongo.count(COLLECTION, new JsonObject()).await());
            return null;
        });
    }

    @Test
    void ourBackendRefusesADuplicateOfAUniqueKey(Vertx vertx, @TempDir Path dir) throws Exception {
        String file = dir.resolve("store.mv").toString();
        writeDocuments(vertx, new CommittingH2Backend(file));
        withMongo(vertx, new CommittingH2Backend(file), mongo -> assertThrows(Exception.class,
            () -> mongo.insert(COLLECTION, document(7).put("_id", "another id")).await()));
    }

    private static void writeDocuments(Vertx vertx, MongoBackend backend) throws Exception {
        withMongo(vertx, backend, mongo -> {
            mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("roomId", 1).put("seq", 1),
                new IndexOptions().unique(true).name("room_seq_unique")).await();
            for (int seq = 1; seq <= DOCUMENTS; seq++) {
                mongo.insert(COLLECTION, document(seq)).await();
            }
            return null;
        });
    }

    private static void checkDocuments(Vertx vertx, MongoBackend backend) throws Exception {
        withMongo(vertx, backend, mongo -> {
            findsEveryDocument(mongo, DOCUMENTS);
            assertThrows(Exception.class, () -> mongo.insert(COLLECTION, document(DOCUMENTS / 2)).await());
            mongo.insert(COLLECTION, document(DOCUMENTS + 1)).await();
            assertEquals(DOCUMENTS + 1, mongo.count(COLLECTION, new JsonObject()).await());
            return null;
        });
    }

    /** Documents 1 to {@code count}, each by its id and by its unique key. */
    private static void findsEveryDocument(MongoClient mongo, int count) {
        for (int seq = 1; seq <= count; seq++) {
            JsonObject byId = mongo.findOne(COLLECTION, new JsonObject().put("_id", "room-" + seq), null).await();
            assertNotNull(byId, "document " + seq + " by its id");
            JsonObject byKey = mongo.findOne(COLLECTION, new JsonObject().put("roomId", "room").put("seq", seq), null).await();
            assertEquals("room-" + seq, byKey.getString("_id"));
            assertEquals("message " + seq, byKey.getString("text"));
        }
        assertEquals(count, mongo.count(COLLECTION, new JsonObject()).await());
    }

    private static JsonObject document(int seq) {
        return new JsonObject().put("_id", "room-" + seq).put("roomId", "room").put("seq", seq).put("text", "message " + seq);
    }

    /** Serves {@code backend} over the wire on loopback for one use of the driver, then closes both. */
    private static void withMongo(Vertx vertx, MongoBackend backend, Function<MongoClient, Object> use) throws Exception {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        MongoClient mongo = MongoClient.create(vertx, new JsonObject()
            .put("connection_string", server.getConnectionString()).put("db_name", "test"));
        try {
            use.apply(mongo);
        } finally {
            mongo.close().await();
            server.shutdownNow();
        }
    }
}
