package com.gifchat.store;

import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import com.gifchat.support.BridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.GridFsUploadOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data from an older version keeps working: without the upkeep of indexes the store no longer needs, without
 * counting people that only an older version knew of, and with its images known by keys that cannot be guessed.
 */
@ExtendWith(VertxExtension.class)
class OlderDataTest {

    private static final String DATABASE = "gifchat_test";
    private static final String ROOM = "0123456789abcdef";

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
        await(mongo.insert("rooms", roomFullOfEmbeddedMembers()));
    }

    /** A room of two places as the first version stored it, its members inside, both of them long gone. */
    private static JsonObject roomFullOfEmbeddedMembers() {
        JsonArray members = new JsonArray();
        for (String person : List.of("aaaa", "bbbb")) {
            members.add(new JsonObject().put("id", person).put("colour", "#336699").put("joinedAt", 1L)
                .put("conns", new JsonArray().add(new JsonObject().put("id", person + "-conn").put("node", "an-old-node"))));
        }
        return new JsonObject().put("_id", ROOM).put("title", "From before").put("capacity", 2).putNull("passwordHash")
            .put("owner", new JsonObject().put("id", "aaaa").put("colour", "#336699"))
            .put("createdAt", 1L).put("lastActivity", 1L).put("memberCount", 2).put("members", members).put("seq", 0L);
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

    @Test
    void aRoomOfOlderDataIsNotKeptFullByTheMembersStoredInsideIt(Vertx vertx) {
        try (TestApp app = TestApp.start(vertx, new JsonObject()
            .put("mongo.connection_string", server.getConnectionString()).put("mongo.db_name", DATABASE))) {
            BridgeClient socket = app.bridge();
            socket.enter(ROOM, app.browser().ticketFor(ROOM));

            JsonObject room = await(mongo.findOne("rooms", new JsonObject().put("_id", ROOM), null));
            assertEquals(1, room.getInteger("memberCount"), "the one person who entered now");
            assertFalse(room.containsKey("members"));
            socket.close();
        }
    }

    @Test
    void anImageOfOlderDataGetsAKeyAndItsMessageShowsItByThatKey(Vertx vertx) throws Exception {
        Buffer gif = Images.gif(12, 12);
        Path file = Files.write(Files.createTempFile("older", ".gif"), gif.getBytes());
        var gridFs = await(mongo.createDefaultGridFsBucketService());
        String oldId = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
            .compose(stream -> gridFs.uploadByFileNameWithOptions(stream, "image", new GridFsUploadOptions()
                .setMetadata(new JsonObject().put("roomId", ROOM).put("contentType", "image/gif").put("width", 12).put("height", 12)))));
        await(mongo.insert("messages", new JsonObject().put("_id", ROOM + "-1").put("roomId", ROOM).put("seq", 1L).put("type", "gif")
            .put("userId", "aaaa").put("colour", "#336699").put("at", 1L)
            .put("gif", new JsonObject().put("id", oldId).put("contentType", "image/gif").put("width", 12).put("height", 12))));

        try (TestApp app = TestApp.start(vertx, new JsonObject()
            .put("mongo.connection_string", server.getConnectionString()).put("mongo.db_name", DATABASE))) {
            JsonObject stored = await(mongo.findOne("fs.files", new JsonObject(), null)).getJsonObject("metadata");
            String key = stored.getString("key");
            JsonObject message = await(mongo.findOne("messages", new JsonObject().put("_id", ROOM + "-1"), null));
            HttpResponse<Buffer> served = app.browser().get("/gif/" + key);

            assertTrue(key.matches("[0-9a-f]{32}"), key);
            assertFalse(stored.containsKey("formerId"), "done with");
            assertEquals(key, message.getJsonObject("gif").getString("id"));
            assertEquals(200, served.statusCode());
            assertEquals(gif, served.body());
            assertEquals(404, app.browser().get("/gif/" + oldId).statusCode());
        }
    }
}
