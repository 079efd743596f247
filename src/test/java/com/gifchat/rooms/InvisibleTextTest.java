package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Blank-looking and disguised text turned around, through the real bridge and the real form: a message of a
 * zero-width and a no-break space is refused, and control and bidi-override characters never reach anybody.
 */
class InvisibleTextTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static JsonObject chat(String roomId, String text) {
        return new JsonObject().put("roomId", roomId).put("text", text);
    }

    private static List<JsonObject> messagesOf(String room) {
        return await(app.mongo().find("messages", new JsonObject().put("roomId", room)));
    }

    @Test
    void aMessageOfAZeroWidthAndANoBreakSpaceIsRefusedAsEmpty() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Blank messages");
        try (BridgeClient socket = app.bridge()) {
            socket.enter(room, alice.ticketFor(room));

            for (String blank : new String[]{"\u200B\u00A0", "\uFEFF\u2060\u3000", "\u0000", "\u202E\u2066 \u2069"}) {
                JsonObject reply = socket.request("chat.send", chat(room, blank));
                assertEquals("err", reply.getString("type"), blank);
                assertEquals(4000, reply.getInteger("failureCode"));
                assertEquals("The message is empty.", reply.getString("message"));
            }
            assertTrue(messagesOf(room).isEmpty(), String.valueOf(messagesOf(room)));
        }
    }

    @Test
    void othersReceiveTheMessageWithoutControlOrOverrideCharacters() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Disguises");
        try (BridgeClient aliceSocket = app.bridge(); BridgeClient bobSocket = app.bridge()) {
            aliceSocket.enter(room, alice.ticketFor(room));
            bobSocket.enter(room, bob.ticketFor(room));

            JsonObject sent = aliceSocket.request("chat.send", chat(room, "\u00A0see\u0000 my\u202E gpj.exe\r\nnow\u200B"));

            assertEquals("rec", sent.getString("type"), sent.encode());
            JsonObject received = bobSocket.nextOn("room." + room, body -> "text".equals(body.getString("type")));
            assertEquals("see my gpj.exe now", received.getString("text"));
            assertEquals("see my gpj.exe now", messagesOf(room).get(0).getString("text"));
        }
    }

    @Test
    void aTitleIsKeptWithoutInvisibleTricksOrRefusedWhenNothingShows() {
        HttpSession creator = app.browser();
        HttpResponse<Buffer> blank = creator.postForm("/room",
            MultiMap.caseInsensitiveMultiMap().add("title", "\u200B\u00A0\u202E").add("capacity", "5"));
        assertEquals(400, blank.statusCode());
        assertTrue(blank.bodyAsString().contains("Give the room a title."), blank.bodyAsString());

        String room = creator.createRoom("\u202ENew\u0007\nroom\u2069");

        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null));
        assertEquals("New room", stored.getString("title"));
        assertTrue(creator.get("/").bodyAsString().contains(">New room</a>"));
    }
}
