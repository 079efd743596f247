package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** Slow mode: an administrator lets each person send one message every N seconds in a room. */
class SlowModeTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    @RegisterExtension
    final Sockets sockets = new Sockets(app);


    private static JsonObject send(BridgeClient socket, String room, String text) {
        return socket.request("chat.send", new JsonObject().put("roomId", room).put("text", text));
    }

    private static JsonObject slowMode(String room, Object seconds) {
        return await(app.vertx().eventBus().<JsonObject>request("admin.rooms.slowmode",
            new JsonObject().put("roomId", room).put("seconds", seconds)).map(Message::body));
    }

    private static Failure slowModeFailure(String room, Object seconds) {
        Future<Object> call = app.vertx().eventBus().request("admin.rooms.slowmode",
            new JsonObject().put("roomId", room).put("seconds", seconds)).map(reply -> (Object) reply);
        return Failure.of(assertThrows(Throwable.class, () -> await(call)));
    }

    @Test
    void aSecondMessageWithinTheWindowIsRefusedAndLetThroughAfterIt() throws InterruptedException {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Calm down");
        BridgeClient alices = sockets.inRoom(alice, room);
        BridgeClient bobs = sockets.inRoom(bob, room);
        // before slow mode: the room's setting is now cached on this node as "off", and must be replaced at once
        assertEquals("rec", send(alices, room, "quick one").getString("type"));
        assertEquals("rec", send(alices, room, "quick two").getString("type"));

        assertEquals(1, slowMode(room, 1).getInteger("slowModeSeconds"));
        assertEquals("Slow mode is on: one message every 1 s.",
            bobs.nextOn("room." + room, body -> "announcement".equals(body.getString("event"))).getString("text"));

        long firstAt = System.currentTimeMillis();
        assertEquals("rec", send(alices, room, "first").getString("type"));
        JsonObject refused = send(alices, room, "second");
        assertEquals(Failure.RATE_LIMITED.code(), refused.getInteger("failureCode"), refused.encode());
        assertEquals("This room is in slow mode: one message every 1 s; try again in 1 s.", refused.getString("message"));
        assertEquals("rec", send(bobs, room, "each person has their own window").getString("type"));

        // the feature's own clock: nothing to wait on but the end of the window
        Thread.sleep(Math.max(0, firstAt + 1000 - System.currentTimeMillis()) + 50);
        assertEquals("rec", send(alices, room, "second, later").getString("type"));

        slowMode(room, 0);
        assertEquals("rec", send(alices, room, "free again").getString("type"));
        assertEquals("rec", send(alices, room, "and again").getString("type"));
    }

    @Test
    void aPlainWebSocketIsSlowedToo() {
        String room = app.browser().createRoom("Scripts too");
        slowMode(room, 60);
        try (RawWebSocket script = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", Map.of())) {
            script.nextJson("type", "hello");
            script.sendText(new JsonObject().put("type", "join").put("room", room).encode());
            script.nextJson("type", "joined");

            script.sendText(new JsonObject().put("type", "send").put("text", "one").encode());
            script.nextJson("type", "sent");
            script.sendText(new JsonObject().put("type", "send").put("text", "two").encode());
            JsonObject refused = script.nextJson("type", "error");

            assertEquals(Failure.RATE_LIMITED.code(), refused.getInteger("code"), refused.encode());
            assertTrue(refused.getString("message").startsWith("This room is in slow mode: one message every 60 s; try again in "),
                refused.encode());
        }
    }

    @Test
    void slowModeTakesSecondsForARoomThatExists() {
        String room = app.browser().createRoom("Checked");
        assertEquals(Failure.BAD_INPUT, slowModeFailure(room, -1));
        assertEquals(Failure.BAD_INPUT, slowModeFailure(room, "ten"));
        assertEquals(Failure.BAD_INPUT, slowModeFailure(room, 86_401));
        assertEquals(Failure.NO_SUCH_ROOM, slowModeFailure("0000000000000000", 5));
    }
}
