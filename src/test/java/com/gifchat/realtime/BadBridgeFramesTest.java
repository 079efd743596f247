package com.gifchat.realtime;

import ch.qos.logback.classic.Level;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LogCapture;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Garbage on the bridge is refused cheaply: an error frame each, no log line each (one summary per connection), and
 * a socket that keeps sending it is closed, while the people around it chat on.
 */
class BadBridgeFramesTest {

    private static final int MAX_BAD_FRAMES = 20;
    private static final String SUMMARY = "com.gifchat.realtime.BadFrames";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("realtime.maxBadFrames", MAX_BAD_FRAMES)
        .put("realtime.badFrameWindowMs", 60_000));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    private static JsonObject chat(String roomId, String text) {
        return new JsonObject().put("roomId", roomId).put("text", text);
    }

    private static JsonObject nextBridgeError(BridgeClient socket) {
        return socket.next(frame -> "err".equals(frame.getString("type")) && !frame.containsKey("address"));
    }

    /** Each frame the bridge itself would have choked on, with the refusal it gets instead. */
    private static Map<String, String> malformedFrames(String roomId) {
        String send = "{\"type\":\"send\",\"address\":\"chat.send\",\"body\":" + chat(roomId, "x").encode();
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("{this is not json", "invalid_json");
        frames.put("[1,2,3]", "invalid_json");
        frames.put("{\"address\":\"chat.send\"}", "missing_type");
        frames.put("{\"type\":42,\"address\":\"chat.send\"}", "invalid_type");
        frames.put(new JsonObject().put("type", "teleport\n23:59:59.999 INFO  c.g.a.AdminVerticle - admin ok").encode(), "invalid_type");
        frames.put("{\"type\":\"send\",\"body\":{}}", "missing_address");
        frames.put("{\"type\":\"register\",\"address\":{\"a\":1}}", "invalid_address");
        frames.put("{\"type\":\"send\",\"address\":\"" + "a".repeat(201) + "\"}", "invalid_address");
        frames.put(send + ",\"headers\":\"ticket\"}", "invalid_headers");
        frames.put(send + ",\"headers\":[1,2]}", "invalid_headers");
        frames.put(send + ",\"headers\":{\"a\":null}}", "invalid_headers");
        frames.put("{\"type\":\"register\",\"address\":\"room." + roomId + "\",\"headers\":{\"ticket\":{}}}", "invalid_headers");
        frames.put(send + ",\"replyAddress\":\"" + "r".repeat(37) + "\"}", "invalid_reply_address");
        frames.put(send + ",\"replyAddress\":7}", "invalid_reply_address");
        return frames;
    }

    @Test
    void malformedFramesAreEachRefusedWithAReasonAndNoLogLine() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Malformed");
        BridgeClient socket = sockets.inRoom(alice, room);
        Map<String, String> frames = malformedFrames(room);

        try (LogCapture log = new LogCapture("com.gifchat.realtime")) {
            frames.forEach((frame, expected) -> {
                socket.writeRaw(frame);
                JsonObject error = nextBridgeError(socket);
                assertEquals(expected, error.getString("body"), frame);
                assertFalse(error.getString("message").isBlank(), frame);
            });

            assertEquals("rec", socket.request("chat.send", chat(room, "still here")).getString("type"), "the socket keeps working");
            assertEquals(List.of(), log.warnings(), "nothing is logged per frame, no stack trace");
            assertEquals(List.of(), log.lines(SUMMARY, Level.INFO), "the summary waits for the minute or the close");

            socket.close();
            List<String> summary = log.awaitLines(SUMMARY, Level.INFO, 1);
            assertEquals(1, summary.size(), summary.toString());
            assertTrue(summary.get(0).contains(frames.size() + " bad frame(s)"), summary.get(0));
            assertFalse(summary.get(0).contains("\n"), "what a client wrote cannot start a log line of its own");
        }
    }

    @Test
    void headersOfTheWrongTypeGetAnErrorFrameInsteadOfAStackTraceAndSilence() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Headers");
        BridgeClient socket = sockets.inRoom(alice, room);

        try (LogCapture log = new LogCapture()) {
            for (Object headers : new Object[]{"x", 1, true, new JsonArray().add(1), new JsonObject().put("n", 1)}) {
                socket.write(new JsonObject().put("type", "send").put("address", "chat.send")
                    .put("body", chat(room, "x")).put("replyAddress", "r1").put("headers", headers));
                assertEquals("invalid_headers", nextBridgeError(socket).getString("body"), String.valueOf(headers));
            }
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void aSocketThatKeepsSendingGarbageIsClosedWithOneSummaryWhileTheRoomChatsOn() {
        HttpSession alice = app.browser();
        HttpSession mallory = app.browser();
        String room = alice.createRoom("Noisy neighbour");
        BridgeClient bystander = sockets.inRoom(alice, room);
        BridgeClient abuser = sockets.inRoom(mallory, room);

        try (LogCapture log = new LogCapture("com.gifchat.realtime")) {
            for (int i = 0; i <= MAX_BAD_FRAMES; i++) {
                // half garbage, half addresses no page of ours ever uses
                abuser.writeRaw(i % 2 == 0 ? "{\"type\":\"dance\",\"n\":" + i + "}"
                    : new JsonObject().put("type", "send").put("address", "rooms.create").put("body", new JsonObject()).encode());
            }

            assertEquals(1008, abuser.awaitClosed(), "policy violation");
            bystander.nextOn("room." + room, body -> "left".equals(body.getString("event")) && mallory.colour().equals(body.getString("colour")));
            assertEquals("rec", bystander.request("chat.send", chat(room, "peace at last")).getString("type"));
            List<String> summary = log.awaitLines(SUMMARY, Level.INFO, 1);
            assertEquals(1, summary.size(), summary.toString());
            assertTrue(summary.get(0).contains((MAX_BAD_FRAMES + 1) + " bad frame(s)") && summary.get(0).contains("closed"), summary.get(0));
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void aFewBadFramesInAWhileDoNotCloseTheSocket() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Clumsy");
        BridgeClient socket = sockets.inRoom(alice, room);

        for (int i = 0; i < MAX_BAD_FRAMES; i++) {
            socket.writeRaw("{oops");
            nextBridgeError(socket);
        }

        assertEquals("rec", socket.request("chat.send", chat(room, "sorry")).getString("type"));
    }
}
