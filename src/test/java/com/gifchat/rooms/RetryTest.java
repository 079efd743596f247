package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.SharedDatabase;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page that never heard whether its message was stored sends it again with the same client id: the message is
 * stored and delivered once, whether the copy comes at once, while the first is still being stored, or after a
 * restart of the app.
 */
class RetryTest {

    @RegisterExtension
    final SharedDatabase database = new SharedDatabase();

    private TestApp app() {
        return database.app(new JsonObject());
    }

    private static JsonObject send(BridgeClient socket, String room, String text, String clientId) {
        JsonObject ack = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", text).put("clientId", clientId));
        assertEquals("rec", ack.getString("type"), ack.encode());
        return ack.getJsonObject("body");
    }

    private static List<String> stored(HttpSession browser, String room) {
        JsonArray messages = browser.get("/api/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages");
        return messages.stream().map(JsonObject.class::cast).map(m -> m.getString("text")).toList();
    }

    @Test
    void theSameClientIdSentTwiceIsStoredAndDeliveredOnce() {
        TestApp app = app();
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Retries");
        try (BridgeClient writer = app.bridge(); BridgeClient reader = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            reader.enter(room, bob.ticketFor(room));

            JsonObject first = send(writer, room, "only once", "c-1");
            JsonObject again = send(writer, room, "only once", "c-1");
            send(writer, room, "marker", "c-2");

            assertEquals(first, again);
            List<JsonObject> delivered = reader.framesBefore(frame -> frame.getJsonObject("body") != null
                && "marker".equals(frame.getJsonObject("body").getString("text")));
            assertEquals(1, delivered.stream().filter(frame -> "only once".equals(frame.getJsonObject("body").getString("text"))).count());
            assertEquals(List.of("only once", "marker"), stored(alice, room));
        } finally {
            app.close();
        }
    }

    @Test
    void aCopySentWhileTheFirstIsStillOnItsWayGetsTheSameAnswer() {
        TestApp app = app();
        HttpSession alice = app.browser();
        String room = alice.createRoom("Impatient");
        try (BridgeClient writer = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            JsonObject body = new JsonObject().put("roomId", room).put("text", "twice at once").put("clientId", "same");
            writer.write(new JsonObject().put("type", "send").put("address", "chat.send").put("body", body).put("replyAddress", "one"));
            writer.write(new JsonObject().put("type", "send").put("address", "chat.send").put("body", body).put("replyAddress", "two"));

            JsonObject one = writer.next(frame -> "one".equals(frame.getString("address")));
            JsonObject two = writer.next(frame -> "two".equals(frame.getString("address")));

            assertEquals(one.getJsonObject("body"), two.getJsonObject("body"));
            assertEquals(List.of("twice at once"), stored(alice, room));
        } finally {
            app.close();
        }
    }

    @Test
    void aCopySentAfterARestartIsRecognised() {
        TestApp before = app();
        HttpSession alice = before.browser();
        String room = alice.createRoom("Across a restart");
        String ticket = alice.ticketFor(room);
        JsonObject first;
        try (BridgeClient writer = before.bridge()) {
            writer.enter(room, ticket);
            first = send(writer, room, "sent before the crash", "before-1");
        }
        before.close();

        TestApp after = app();
        try (BridgeClient writer = after.bridge()) {
            writer.enter(room, ticket);
            JsonObject again = send(writer, room, "sent before the crash", "before-1");
            send(writer, room, "new", "after-1");

            assertEquals(first, again);
            assertEquals(List.of("sent before the crash", "new"), stored(after.browser(), room));
        } finally {
            after.close();
        }
    }

    @Test
    void clientIdsArePerPersonAndChecked() {
        TestApp app = app();
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Same ids");
        try (BridgeClient aliceSocket = app.bridge(); BridgeClient bobSocket = app.bridge()) {
            aliceSocket.enter(room, alice.ticketFor(room));
            bobSocket.enter(room, bob.ticketFor(room));

            JsonObject hers = send(aliceSocket, room, "from alice", "1");
            JsonObject his = send(bobSocket, room, "from bob", "1");
            JsonObject bad = aliceSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "x").put("clientId", "no spaces"));

            assertNotEquals(hers.getLong("seq"), his.getLong("seq"));
            assertEquals(4000, bad.getInteger("failureCode"), bad.encode());
        } finally {
            app.close();
        }
    }

    @Test
    void beyondTheQueueBoundSendsAreRefusedAsBusyAndNothingIsHeldForThem() {
        TestApp app = database.app(new JsonObject().put("chat.maxQueuedMessages", 2));
        HttpSession alice = app.browser();
        String room = alice.createRoom("Overloaded");
        try (BridgeClient writer = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            // written back to back, they reach the room's queue while the first batch is still being stored
            for (int i = 0; i < 20; i++) {
                writer.write(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "r" + i)
                    .put("body", new JsonObject().put("roomId", room).put("text", "burst " + i)));
            }
            List<JsonObject> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String address = "r" + i;
                answers.add(writer.next(frame -> address.equals(frame.getString("address"))));
            }

            long stored = answers.stream().filter(answer -> "rec".equals(answer.getString("type"))).count();
            List<JsonObject> refused = answers.stream().filter(answer -> "err".equals(answer.getString("type"))).toList();
            assertEquals(20, stored + refused.size());
            assertTrue(!refused.isEmpty(), "some were refused: " + answers);
            assertTrue(refused.stream().allMatch(answer -> answer.getInteger("failureCode") == 5030), refused.toString());
            assertEquals(stored, stored(alice, room).size(), "exactly the acknowledged ones were stored");
            send(writer, room, "after the burst", "after");
        } finally {
            app.close();
        }
    }
}
