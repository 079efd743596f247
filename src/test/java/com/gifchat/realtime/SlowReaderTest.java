package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client that stops reading while its room is busy is dropped once realtime.maxQueuedBytes wait for it, so it
 * cannot grow the server's memory or keep its place; the others receive everything. The room is flooded through the
 * event bus, as RoomsVerticle publishes to it, because the network's buffers hold megabytes before anything waits in
 * the server, more than chat.send would store in a test's time.
 */
class SlowReaderTest {

    private static final int MAX_QUEUED_BYTES = 64 * 1024;
    private static final int FLOOD_MESSAGES = 1000;
    private static final int AHEAD = 16;
    private static final String TEXT = "z".repeat(16 * 1024);

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.maxQueuedBytes", MAX_QUEUED_BYTES)
        // the stalled bridge socket sends no pings: it must be dropped for not reading, not for being idle
        .put("realtime.bridgePingTimeoutMs", 120_000));

    /**
     * Publishes the flood no faster than the bystander reads it (at most {@code AHEAD} messages ahead), so that only
     * the reader that stopped falls behind; then waits for the stalled reader's "left" notice.
     */
    private static void floodAndWatch(BridgeClient bystander, String roomId, String stalledColour) {
        for (int i = 1; i <= FLOOD_MESSAGES + AHEAD; i++) {
            if (i <= FLOOD_MESSAGES) {
                app.vertx().eventBus().publish("room." + roomId, new JsonObject()
                    .put("roomId", roomId).put("type", "text").put("seq", i).put("text", TEXT).put("colour", "#123456"));
            }
            int seq = i - AHEAD;
            if (seq >= 1) {
                bystander.nextOn("room." + roomId, body -> "text".equals(body.getString("type")) && body.getInteger("seq") == seq);
            }
        }
        bystander.nextOn("room." + roomId, body -> "left".equals(body.getString("event")) && stalledColour.equals(body.getString("colour")));
    }

    @Test
    void aBridgeSocketThatStopsReadingIsDroppedAndLeaves() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Busy room");
        BridgeClient bystander = app.bridge();
        bystander.enter(room, alice.ticketFor(room));
        try (RawWebSocket stalled = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/eventbus/websocket", Map.of())) {
            stalled.sendText(new JsonObject().put("type", "register").put("address", "room." + room)
                .put("headers", new JsonObject().put("ticket", bob.ticketFor(room))).encode());
            assertEquals("welcome", stalled.nextJson("type", "rec").getJsonObject("body").getString("event"));
            stalled.pauseReading();

            floodAndWatch(bystander, room, bob.colour());

            stalled.resumeReading();
            assertTrue(stalled.closedWithin(TestApp.WAIT.toMillis()), "the connection itself was ended");
        }
        bystander.close();
    }

    @Test
    void aWsConnectionThatStopsReadingIsDroppedAndLeaves() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Busy for scripts");
        BridgeClient bystander = app.bridge();
        bystander.enter(room, alice.ticketFor(room));
        try (RawWebSocket stalled = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", Map.of())) {
            String colour = stalled.nextJson("type", "hello").getString("colour");
            stalled.sendText(new JsonObject().put("type", "join").put("room", room).encode());
            stalled.nextJson("type", "joined");
            stalled.pauseReading();

            floodAndWatch(bystander, room, colour);

            stalled.resumeReading();
            assertTrue(stalled.closedWithin(TestApp.WAIT.toMillis()), "the connection itself was ended");
        }
        bystander.close();
    }
}
