package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node's sockets were handed and have not read is bounded as a whole (realtime.maxQueuedBytesPerNode), below
 * what each socket may hold: past it, sends are refused as busy, and if it stays over, the socket holding the most is
 * dropped; a socket that closes stops counting.
 */
class UnreadOutputTest {

    private static final int PER_NODE = 256 * 1024;
    private static final int FLOOD_MESSAGES = 2000;
    private static final int AHEAD = 16;
    private static final int SEND_EVERY = 4;
    private static final String TEXT = "z".repeat(16 * 1024);

    @RegisterExtension
    static final TestApp app = TestApp.forClass(TestApp.withoutRateLimits()
        .put("realtime.instances", 1)
        .put("realtime.maxQueuedBytesPerNode", PER_NODE)
        .put("realtime.maxQueuedBytes", 16 * PER_NODE)
        // the event loop keeps up here: only unread bytes make this gateway busy; they may stay over their bound
        // this long before the socket holding the most is dropped
        .put("realtime.maxDeliveryLagMs", 2_000)
        .put("realtime.bridgePingTimeoutMs", 120_000));

    @Test
    void aSocketThatKeepsTheNodeBusyByNotReadingIsDroppedAndSendsAreTakenAgain() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Unread", 10, null);
        try (BridgeClient writer = app.bridge(); RawWebSocket stalled = stalledReader(room)) {
            writer.enter(room, alice.ticketFor(room));
            double droppedBefore = dropped();
            floodUntilRefused(writer, room);

            // refusals stop the flood, not what the stalled socket holds: it is dropped, though it is under its own bound
            awaitAccepted(writer, room, "without the stalled one");
            assertEquals(droppedBefore + 1, dropped(), "the socket holding the most was dropped");
            stalled.resumeReading();
            assertTrue(stalled.closedWithin(TestApp.WAIT.toMillis()), "the connection itself was ended");
        }
    }

    @Test
    void whatAClosedSocketHadNotReadNoLongerCounts() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Unread, then gone", 10, null);
        try (BridgeClient writer = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            RawWebSocket stalled = stalledReader(room);
            floodUntilRefused(writer, room);

            stalled.close();
            awaitAccepted(writer, room, "gone at last");
        }
    }

    private static RawWebSocket stalledReader(String room) {
        HttpSession bob = app.browser();
        RawWebSocket stalled = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/eventbus/websocket", Map.of());
        stalled.sendText(new JsonObject().put("type", "register").put("address", "room." + room)
            .put("headers", new JsonObject().put("ticket", bob.ticketFor(room))).encode());
        assertEquals("welcome", stalled.nextJson("type", "rec").getJsonObject("body").getString("event"));
        stalled.pauseReading();
        return stalled;
    }

    /**
     * The network's buffers take megabytes first; the flood goes on, no faster than the writer reads it, until a send
     * is refused, and that refusal must say the chat is busy.
     */
    private static void floodUntilRefused(BridgeClient writer, String room) {
        JsonObject refused = null;
        for (int i = 1; i <= FLOOD_MESSAGES && refused == null; i++) {
            app.vertx().eventBus().publish("room." + room, new JsonObject()
                .put("roomId", room).put("type", "text").put("seq", -i).put("text", TEXT).put("colour", "#123456"));
            int seq = -(i - AHEAD);
            if (i > AHEAD) {
                writer.nextOn("room." + room, body -> "text".equals(body.getString("type")) && body.getInteger("seq") == seq);
            }
            if (i % SEND_EVERY == 0) {
                JsonObject answer = writer.request("chat.send", new JsonObject().put("roomId", room).put("text", "probe " + i));
                refused = "err".equals(answer.getString("type")) ? answer : null;
            }
        }
        assertNotNull(refused, "a send was refused before the stalled socket was dropped");
        assertEquals(Failure.UNAVAILABLE.code(), refused.getInteger("failureCode"), refused.encode());
        assertEquals(RateLimitedGateway.BUSY, refused.getString("message"));
    }

    private static void awaitAccepted(BridgeClient writer, String room, String text) {
        JsonObject answer = new JsonObject();
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        while (!"rec".equals(answer.getString("type")) && System.nanoTime() < deadline) {
            await(app.vertx().timer(DeliveryBacklog.PROBE_MS));
            answer = writer.request("chat.send", new JsonObject().put("roomId", room).put("text", text));
        }
        assertEquals("rec", answer.getString("type"), "taken again: " + answer.encode());
    }

    private static double dropped() {
        Counter counter = AppMetrics.registry().find("gifchat.refusals")
            .tags("transport", AppMetrics.BRIDGE, "reason", OutgoingBytes.TOO_SLOW).counter();
        return counter == null ? 0 : counter.count();
    }
}
