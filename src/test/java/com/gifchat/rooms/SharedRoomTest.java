package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two nodes on one database, each accepting messages for the same room: every message is stored once, the room's
 * numbers follow the order the messages were accepted in, and history shows them all in that order; a room one node
 * closed takes no more messages through the other; a number whose message was removed is not given again.
 */
class SharedRoomTest {

    private static final int MESSAGES = 20;

    private MongoServer database;
    private Vertx vertxOfOne;
    private Vertx vertxOfTwo;
    private TestApp one;
    private TestApp two;
    /** The database both nodes use, seen directly. */
    private MongoClient shared;

    @BeforeEach
    void twoNodesOnOneDatabase() {
        database = new MongoServer(new MemoryBackend());
        database.bind("127.0.0.1", 0);
        JsonObject onShared = new JsonObject()
            .put("mongo.connection_string", database.getConnectionString())
            .put("mongo.db_name", "gifchat_shared");
        vertxOfOne = Vertx.vertx();
        vertxOfTwo = Vertx.vertx();
        one = TestApp.start(vertxOfOne, onShared);
        two = TestApp.start(vertxOfTwo, onShared);
        shared = MongoClient.create(vertxOfOne, new JsonObject()
            .put("connection_string", database.getConnectionString()).put("db_name", onShared.getString("mongo.db_name")));
    }

    @AfterEach
    void stop() {
        await(shared.close());
        one.close();
        two.close();
        await(vertxOfOne.close());
        await(vertxOfTwo.close());
        database.shutdownNow();
    }

    @Test
    void messagesAcceptedByTwoNodesInTurnAreNumberedAndKeptInThatOrder() {
        HttpSession owner = one.browser();
        String room = owner.createRoom("On both nodes");
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            TestApp node = i % 2 == 0 ? one : two;
            numbers.add(send(node, room, "message " + i).getLong("seq"));
        }

        assertEquals(LongStream.rangeClosed(1, MESSAGES).boxed().toList(), numbers);
        List<String> history = owner.get("/api/rooms/" + room + "/messages?limit=" + MESSAGES * 2).bodyAsJsonObject()
            .getJsonArray("messages").stream().map(message -> ((JsonObject) message).getString("text")).toList();
        assertEquals(IntStream.range(0, MESSAGES).mapToObj(i -> "message " + i).toList(), history);
    }

    @Test
    void aMessageForARoomAnotherNodeClosedIsRefusedAndNotKept() {
        String room = one.browser().createRoom("Closed elsewhere");
        send(one, room, "before");

        await(vertxOfTwo.eventBus().request("admin.rooms.close", new JsonObject().put("roomId", room)));

        Throwable refused = assertThrows(Throwable.class, () -> send(one, room, "after"));
        assertEquals(Failure.NO_SUCH_ROOM, Failure.of(refused));
        assertEquals(0L, await(shared.count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void aNumberWhoseMessageWasRemovedIsNotGivenAgainByAnotherNode() {
        String room = one.browser().createRoom("Removed at the end");
        for (int i = 1; i <= 3; i++) {
            send(one, room, "message " + i);
        }
        // the room's record of its last number follows within a second; the removal must not leave 3 looking free
        await(vertxOfOne.eventBus().request("rooms.messages.delete", new JsonObject().put("roomId", room).put("messageId", room + "-3")));

        assertEquals(4L, send(two, room, "after the removal").getLong("seq"));
        assertEquals(List.of(1L, 2L, 4L), await(shared.find("messages", new JsonObject().put("roomId", room))).stream()
            .map(message -> message.getLong("seq")).sorted().toList());
    }

    /** What a node's gateway hands the rooms verticle for a chat frame of a person admitted there. */
    private static JsonObject send(TestApp node, String room, String text) {
        JsonObject message = new JsonObject()
            .put("roomId", room)
            .put("text", text)
            .put("user", new JsonObject().put("id", "a-writer").put("colour", "#336699"));
        return await(node.vertx().eventBus().<JsonObject>request("chat.send", message)).body();
    }
}
