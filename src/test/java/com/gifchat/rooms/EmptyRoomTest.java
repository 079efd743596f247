package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.RoomListView;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.LongStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** Rooms nobody is in are removed, with their history, once the grace period has passed; a reload keeps them. */
class EmptyRoomTest {

    /** More messages than the store removes in one command. */
    private static final long LONG_HISTORY = 1_234;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("rooms.emptyGraceMs", 1500));
    private static BridgeClient watcher;

    @BeforeAll
    static void start() {
        // a grace long enough to reconnect within on a busy machine, short enough to wait for
        watcher = app.bridge();
        watcher.register("rooms.events", null);
    }

    @AfterAll
    static void stop() {
        watcher.close();
    }

    private static BridgeClient enter(HttpSession person, String room) {
        BridgeClient socket = app.bridge();
        socket.enter(room, person.ticketFor(room));
        return socket;
    }

    /** Enters the room and says something in it, stored once the call returns. */
    private static BridgeClient enterAndSay(HttpSession person, String room, String text) {
        BridgeClient socket = enter(person, room);
        socket.request("chat.send", new JsonObject().put("roomId", room).put("text", text));
        return socket;
    }

    private static boolean removed(JsonObject event, String room) {
        return RoomListView.removes(event, room);
    }

    @Test
    void theLastPersonLeavingRemovesTheRoomAndItsHistoryAfterTheGracePeriod() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Ephemeral");
        BridgeClient socket = enterAndSay(owner, room, "soon gone");
        long left = System.currentTimeMillis();

        socket.close();
        watcher.nextOn("rooms.events", event -> removed(event, room));

        assertTrue(System.currentTimeMillis() - left >= 1500, "not before the grace period");
        assertNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
        assertEquals(303, owner.get("/room/" + room).statusCode());
    }

    @Test
    void aRoomWithALongHistoryIsRemovedWhole() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Long-winded");
        BridgeClient socket = enterAndSay(owner, room, "the first of many");
        // the rest of a long history goes straight into the store, numbered as the room would have numbered it
        List<BulkOperation> more = LongStream.rangeClosed(2, LONG_HISTORY)
            .mapToObj(seq -> BulkOperation.createInsert(storedMessage(room, seq))).toList();
        await(app.mongo().bulkWrite("messages", more));
        await(app.mongo().updateCollection("rooms", new JsonObject().put("_id", room),
            new JsonObject().put("$set", new JsonObject().put("seq", LONG_HISTORY))));

        socket.close();
        watcher.nextOn("rooms.events", event -> removed(event, room));

        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    private static JsonObject storedMessage(String room, long seq) {
        return new JsonObject().put("_id", room + "-" + seq).put("roomId", room).put("seq", seq).put("type", "text")
            .put("text", "message " + seq).put("userId", "someone").put("colour", "Red").put("at", System.currentTimeMillis());
    }

    @Test
    void aReloadWithinTheGracePeriodKeepsTheRoom() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Reloaded");
        BridgeClient before = enterAndSay(owner, room, "still here");

        before.close();
        BridgeClient after = enter(owner, room);
        awaitReaperPass();

        assertNotNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
        assertEquals(1, historySize(owner, room));
        after.close();
    }

    @Test
    void aRemovedRoomTakesItsImagesWithIt() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Gallery");
        BridgeClient socket = enter(owner, room);
        assertEquals(201, owner.upload(room, "a.gif", "image/gif", Images.gif(64, 64)).statusCode());
        JsonObject ofRoom = new JsonObject().put("metadata.roomId", room);
        assertEquals(1L, await(app.mongo().count("fs.files", ofRoom)));

        socket.close();
        watcher.nextOn("rooms.events", event -> removed(event, room));

        assertEquals(0L, await(app.mongo().count("fs.files", ofRoom)));
        assertEquals(0L, await(app.mongo().count("fs.chunks", new JsonObject())) - chunksOfOtherRooms());
    }

    private static long chunksOfOtherRooms() {
        return await(app.mongo().find("fs.files", new JsonObject())).stream()
            .mapToLong(file -> (file.getLong("length") + file.getInteger("chunkSize") - 1) / file.getInteger("chunkSize"))
            .sum();
    }

    @Test
    void aRemovalCutShortAfterItsRoomWentIsFinishedByTheReaper() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Half removed");
        BridgeClient socket = enterAndSay(owner, room, "left behind");
        assertEquals(201, owner.upload(room, "a.gif", "image/gif", Images.gif(16, 16)).statusCode());
        // what a crash right after the room document went leaves: the record, and everything of the room but it.
        // The room goes first: a reaper pass between the two would otherwise see the record with the room still there
        await(app.mongo().removeDocument("rooms", new JsonObject().put("_id", room)));
        recordRemovalStartedLongAgo(room);

        awaitReaperPass();

        assertNothingLeftOf(room);
        socket.close();
    }

    @Test
    void whatWasStoredAfterARemovalsFirstPassGoesAtTheReapersSecondLook() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Raced");
        BridgeClient socket = enterAndSay(owner, room, "numbered before the room went");
        JsonObject deleted = await(app.vertx().eventBus().<JsonObject>request("store.rooms.delete", new JsonObject().put("id", room))).body();
        assertTrue(deleted.getBoolean("deleted"));
        // writes that were in flight when the room went, landing after its first pass
        await(app.mongo().insert("messages", storedMessage(room, 1)));
        await(app.mongo().insert("members", new JsonObject().put("_id", room + "/late").put("roomId", room).put("conns", new JsonArray())));

        awaitReaperPass();

        assertNothingLeftOf(room);
        socket.close();
    }

    @Test
    void aRemovalCutShortBeforeItsRoomWentLeavesTheRoom() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Nearly removed");
        BridgeClient socket = enterAndSay(owner, room, "still wanted");
        recordRemovalStartedLongAgo(room);

        awaitReaperPass();

        assertNotNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
        assertEquals(1, historySize(owner, room));
        assertEquals(0L, await(app.mongo().count("removals", new JsonObject().put("_id", room))));
        socket.close();
    }

    @Test
    void aRoomAnotherRemovalHasClaimedIsLeftToIt() {
        String room = app.browser().createRoom("Claimed");
        await(app.mongo().insert("removals", new JsonObject().put("_id", room).put("startedAt", System.currentTimeMillis())));

        JsonObject reply = await(app.vertx().eventBus().<JsonObject>request("store.rooms.delete", new JsonObject().put("id", room))).body();

        assertFalse(reply.getBoolean("deleted"));
        assertNotNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)), "left to the removal that claimed it");
        await(app.mongo().removeDocument("removals", new JsonObject().put("_id", room)));
    }

    /** No message, member, image or removal record of the room is stored any more. */
    private static void assertNothingLeftOf(String room) {
        JsonObject ofRoom = new JsonObject().put("roomId", room);
        assertEquals(0L, await(app.mongo().count("messages", ofRoom)), "messages");
        // a fence has the room's id in its own and no roomId
        JsonObject idsOfRoom = new JsonObject().put("_id", new JsonObject().put("$regex", "^" + room + "-"));
        assertEquals(0L, await(app.mongo().count("messages", idsOfRoom)), "the fence of the room's next number");
        assertEquals(0L, await(app.mongo().count("members", ofRoom)), "members");
        assertEquals(0L, await(app.mongo().count("fs.files", new JsonObject().put("metadata.roomId", room))), "images");
        assertEquals(0L, await(app.mongo().count("removals", new JsonObject().put("_id", room))), "the removal record");
    }

    private static void recordRemovalStartedLongAgo(String room) {
        await(app.mongo().insert("removals", new JsonObject().put("_id", room).put("startedAt", 0L)));
    }

    /** Waits for a reaper pass that began after this call: only such a pass removes a room created now. */
    private static void awaitReaperPass() {
        String probe = app.browser().createRoom("Probe");
        watcher.nextOn("rooms.events", event -> removed(event, probe));
    }

    private static int historySize(HttpSession person, String room) {
        return person.get("/api/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages").size();
    }

    @Test
    void aRoomNobodyEverEnteredIsRemovedToo() {
        String room = app.browser().createRoom("Never entered");

        watcher.nextOn("rooms.events", event -> removed(event, room));

        assertNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
    }
}
