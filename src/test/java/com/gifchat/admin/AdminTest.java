package com.gifchat.admin;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RoomListView;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** Room administration as a script in the cluster does it: straight on the event bus. */
class AdminTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    private static JsonObject admin(String address, JsonObject request) {
        return await(app.vertx().eventBus().<JsonObject>request(address, request).map(Message::body));
    }

    private static Failure adminFailure(String address, JsonObject request) {
        Future<Object> call = app.vertx().eventBus().request(address, request).map(reply -> (Object) reply);
        Throwable error = assertThrows(Throwable.class, () -> await(call));
        return Failure.of(error);
    }

    private static JsonObject listed(String room) {
        return admin("admin.rooms.list", new JsonObject()).getJsonArray("rooms").stream().map(JsonObject.class::cast)
            .filter(entry -> room.equals(entry.getString("id"))).findFirst().orElseThrow();
    }

    @Test
    void theListShowsEveryRoomWithItsPeopleAndMessagesButNoSecrets() {
        HttpSession alice = app.browser();
        String open = alice.createRoom("Open", 6, null);
        String closed = alice.createRoom("Closed", 4, "pw");
        BridgeClient socket = sockets.inRoom(alice, open);
        for (int i = 0; i < 3; i++) {
            socket.request("chat.send", new JsonObject().put("roomId", open).put("text", "m" + i));
        }

        JsonObject openRoom = listed(open);
        JsonObject closedRoom = listed(closed);

        assertEquals("Open", openRoom.getString("title"));
        assertEquals(6, openRoom.getInteger("capacity"));
        assertEquals(1, openRoom.getInteger("memberCount"));
        assertEquals(3L, openRoom.getLong("messageCount"));
        assertEquals(alice.colour(), openRoom.getString("owner"));
        assertFalse(openRoom.getBoolean("private"));
        assertTrue(closedRoom.getBoolean("private"));
        assertTrue(openRoom.getLong("lastActivity") >= openRoom.getLong("createdAt"));
        assertFalse(admin("admin.rooms.list", new JsonObject()).encode().contains("passwordHash"));
    }

    @Test
    void showingARoomListsThePeopleInItWithTheirNodes() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Watched");
        sockets.inRoom(alice, room);

        JsonObject shown = admin("admin.rooms.show", new JsonObject().put("roomId", room));

        JsonObject member = shown.getJsonArray("members").getJsonObject(0);
        assertEquals(alice.colour(), member.getString("colour"));
        assertEquals(app.liveNodeId(), member.getJsonArray("connections").getJsonObject(0).getString("node"));
        assertNotNull(member.getLong("joinedAt"));
        assertEquals(room, shown.getJsonObject("room").getString("id"));
    }

    @Test
    void closingARoomTellsThePeopleInItAndRemovesItEverywhere() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Doomed");
        BridgeClient socket = sockets.inRoom(alice, room);
        BridgeClient watcher = sockets.bridge();
        watcher.register("rooms.events", null);
        watcher.request("chat.send", new JsonObject());

        admin("admin.rooms.close", new JsonObject().put("roomId", room));

        JsonObject notice = socket.nextOn("room." + room, body -> "closed".equals(body.getString("event")));
        assertEquals("admin", notice.getString("by"));
        assertEquals("The room was closed by an administrator.", notice.getString("text"));
        watcher.nextOn("rooms.events", body -> RoomListView.removes(body, room));
        assertNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
        assertEquals(404, alice.get("/api/rooms/" + room + "/messages").statusCode());
    }

    @Test
    void anAnnouncementReachesOneRoomOrEveryRoom() {
        HttpSession alice = app.browser();
        String first = alice.createRoom("First");
        String second = alice.createRoom("Second");
        BridgeClient inFirst = sockets.inRoom(alice, first);
        BridgeClient inSecond = sockets.inRoom(alice, second);

        admin("admin.announce", new JsonObject().put("roomId", first).put("text", "just you"));
        JsonObject everywhere = admin("admin.announce", new JsonObject().put("text", "maintenance at noon"));

        assertEquals("just you", inFirst.nextOn("room." + first, body -> "announcement".equals(body.getString("event"))).getString("text"));
        assertEquals("maintenance at noon", inSecond.nextOn("room." + second, body -> "announcement".equals(body.getString("event"))).getString("text"));
        assertEquals("maintenance at noon", inFirst.nextOn("room." + first, body -> "announcement".equals(body.getString("event"))).getString("text"));
        assertTrue(everywhere.getInteger("rooms") >= 2);
    }

    @Test
    void statsCountNodesConnectionsRoomsAndMessages() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Counted");
        BridgeClient socket = sockets.inRoom(alice, room);
        socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "one"));

        String node = app.liveNodeId();

        JsonObject stats = admin("admin.stats", new JsonObject());

        assertEquals(1, stats.getInteger("nodes"));
        assertTrue(stats.getJsonObject("connectionsPerNode").getInteger(node) >= 1);
        assertTrue(stats.getInteger("rooms") >= 1);
        assertTrue(stats.getLong("messages") >= 1);
    }

    @Test
    void aKickedPersonLosesTheRoomAndMayNotComeBackDuringTheCooldown() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Bouncer");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);
        String bobsId = admin("admin.rooms.show", new JsonObject().put("roomId", room)).getJsonArray("members").stream()
            .map(JsonObject.class::cast).filter(member -> bob.colour().equals(member.getString("colour")))
            .findFirst().orElseThrow().getString("id");

        admin("admin.kick", new JsonObject().put("roomId", room).put("userId", bobsId).put("cooldownSeconds", 60));

        assertEquals(Failure.REMOVED.code(), bobSocket.nextError("room." + room).getInteger("failureCode"));
        bobSocket.awaitClosed();
        JsonObject notice = aliceSocket.nextOn("room." + room, body -> "kicked".equals(body.getString("event")));
        assertEquals(bob.colour() + " was removed by an administrator", notice.getString("text"));
        BridgeClient again = sockets.bridge();
        again.register("room." + room, bob.ticketFor(room));
        assertEquals(Failure.REMOVED.code(), again.nextError("room." + room).getInteger("failureCode"));
        assertEquals(1, listed(room).getInteger("memberCount"));
    }

    @Test
    void aDeletedMessageLeavesHistoryAndEveryOpenPage() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Moderated");
        BridgeClient socket = sockets.inRoom(alice, room);
        String doomed = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "oops")).getJsonObject("body").getString("id");
        socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "fine"));

        admin("admin.messages.delete", new JsonObject().put("roomId", room).put("messageId", doomed));

        assertEquals(doomed, socket.nextOn("room." + room, body -> "deleted".equals(body.getString("event"))).getString("messageId"));
        List<Object> history = alice.get("/api/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages").stream()
            .map(message -> ((JsonObject) message).getString("text")).map(Object.class::cast).toList();
        assertEquals(List.of("fine"), history);
    }

    @Test
    void purgingRemovesOnlyMessagesOlderThanTheAgeWithTheirImages() throws Exception {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Archive");
        BridgeClient socket = sockets.inRoom(alice, room);
        socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "old text"));
        assertEquals(201, alice.upload(room, "old.gif", "image/gif", com.gifchat.support.Images.gif(6, 6)).statusCode());
        JsonObject ofRoom = new JsonObject().put("metadata.roomId", room);
        assertEquals(1L, await(app.mongo().count("fs.files", ofRoom)));
        await(app.mongo().updateCollectionWithOptions("messages", new JsonObject().put("roomId", room),
            new JsonObject().put("$set", new JsonObject().put("at", System.currentTimeMillis() - 3_600_000)),
            new io.vertx.ext.mongo.UpdateOptions().setMulti(true)));
        socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "new text"));

        JsonObject purged = admin("admin.messages.purge", new JsonObject().put("roomId", room).put("olderThanSeconds", 600));

        assertEquals(2L, purged.getLong("deleted"));
        assertEquals(0L, await(app.mongo().count("fs.files", ofRoom)));
        assertEquals(1L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void badArgumentsAndUnknownRoomsAreRefusedWithTheirCodes() {
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.rooms.show", new JsonObject()));
        assertEquals(Failure.NO_SUCH_ROOM, adminFailure("admin.rooms.show", new JsonObject().put("roomId", "0123456789abcdef")));
        assertEquals(Failure.NO_SUCH_ROOM, adminFailure("admin.rooms.close", new JsonObject().put("roomId", "not-a-room")));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.announce", new JsonObject().put("text", "  ")));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.kick", new JsonObject().put("roomId", "0123456789abcdef")));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.messages.purge", new JsonObject().put("olderThanSeconds", -1)));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.messages.delete", new JsonObject().put("roomId", "0123456789abcdef")));
    }

    @Test
    void browsersCannotReachAnyAdminAddress() {
        BridgeClient browser = sockets.bridge();

        for (String address : new String[]{"admin.rooms.list", "admin.rooms.close", "admin.announce", "admin.stats"}) {
            browser.write(new JsonObject().put("type", "send").put("address", address).put("body", new JsonObject()));
            assertEquals("access_denied", browser.next(frame -> "err".equals(frame.getString("type"))).getString("body"), address);
            browser.register(address, null);
            assertEquals("access_denied", browser.next(frame -> "err".equals(frame.getString("type"))).getString("body"), address);
        }
    }
}
