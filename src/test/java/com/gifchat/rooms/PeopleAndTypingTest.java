package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a room's page shows beside the chat, through the real bridge and HTTP API: who is here (a list, then joined
 * and left notices that carry the count), and typing signals, stamped, throttled and for members only.
 */
class PeopleAndTypingTest {

    private static final int TYPING_INTERVAL_MS = 60_000;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(TestApp.withoutRateLimits().put("chat.typingIntervalMs", TYPING_INTERVAL_MS));

    private static BridgeClient enter(HttpSession person, String room) {
        person.get("/room/" + room);
        BridgeClient socket = BridgeClient.connect(app.vertx(), app.realtimePort());
        socket.enter(room, person.ticketFor(room));
        return socket;
    }

    private static Set<String> people(HttpSession asker, String room) {
        JsonArray people = asker.get("/api/rooms/" + room + "/people").bodyAsJsonObject().getJsonArray("people");
        return people.stream().map(p -> ((JsonObject) p).getString("colour")).collect(Collectors.toSet());
    }

    @Test
    void theListHasEveryoneInTheRoomAndTheNoticesCarryTheCount() {
        HttpSession ann = app.browser();
        HttpSession ben = app.browser();
        String room = ann.createRoom("Who is here");
        try (BridgeClient annSocket = enter(ann, room)) {
            BridgeClient benSocket = enter(ben, room);
            JsonObject joined = annSocket.nextOn("room." + room, body -> "joined".equals(body.getString("event"))
                && body.getJsonArray("colours").contains(ben.colour()));
            assertEquals(2, joined.getInteger("memberCount"));
            assertEquals(Set.of(ann.colour(), ben.colour()), people(app.browser(), room));

            benSocket.close();
            JsonObject left = annSocket.nextOn("room." + room, body -> "left".equals(body.getString("event")));
            assertEquals(1, left.getInteger("memberCount"));
            assertEquals(Set.of(ann.colour()), people(ann, room));
        }
    }

    @Test
    void aPrivateRoomsPeopleAreForItsAdmittedOnly() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Hidden crowd", 10, "pass");
        assertEquals(Set.of(), people(owner, room));

        var stranger = app.browser().get("/api/rooms/" + room + "/people");
        assertEquals(403, stranger.statusCode());
        assertEquals(Failure.NOT_ADMITTED.code(), stranger.bodyAsJsonObject().getJsonObject("error").getInteger("code"));
        assertEquals(404, app.browser().get("/api/rooms/0123456789abcdef/people").statusCode());
    }

    @Test
    void typingReachesTheRoomStampedWithTheTypistAndAtMostOncePerInterval() {
        HttpSession ann = app.browser();
        HttpSession ben = app.browser();
        String room = ann.createRoom("Typing room");
        try (BridgeClient annSocket = enter(ann, room); BridgeClient benSocket = enter(ben, room)) {
            JsonObject forged = new JsonObject().put("roomId", room).put("colour", "#000000").put("user", new JsonObject().put("id", "x").put("colour", "#000000"));
            annSocket.write(new JsonObject().put("type", "send").put("address", "chat.typing").put("body", forged));
            annSocket.write(new JsonObject().put("type", "send").put("address", "chat.typing").put("body", new JsonObject().put("roomId", room)));
            annSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "done typing"));

            List<JsonObject> before = benSocket.framesBefore(frame -> frame.getJsonObject("body") != null
                && "done typing".equals(frame.getJsonObject("body").getString("text")));
            List<JsonObject> typing = before.stream().map(frame -> frame.getJsonObject("body"))
                .filter(body -> body != null && "typing".equals(body.getString("type"))).toList();
            assertEquals(1, typing.size(), "one signal per interval: " + before);
            assertEquals(ann.colour(), typing.get(0).getString("colour"), "stamped with the typist, whatever the frame said");
            assertFalse(typing.get(0).containsKey("user"), "nobody's id goes to the room");
        }
    }

    @Test
    void onlyMembersCanSignalTyping() {
        HttpSession ann = app.browser();
        String room = ann.createRoom("Closed door");
        try (BridgeClient annSocket = enter(ann, room); BridgeClient outsider = BridgeClient.connect(app.vertx(), app.realtimePort())) {
            JsonObject refused = outsider.request("chat.typing", new JsonObject().put("roomId", room));
            assertEquals("err", refused.getString("type"));
            assertEquals(Failure.NOT_ADMITTED.code(), refused.getInteger("failureCode"));

            annSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "marker"));
            List<JsonObject> before = annSocket.framesBefore(frame -> frame.getJsonObject("body") != null
                && "marker".equals(frame.getJsonObject("body").getString("text")));
            assertTrue(before.stream().noneMatch(frame -> frame.getJsonObject("body") != null
                && "typing".equals(frame.getJsonObject("body").getString("type"))), before.toString());
        }
    }
}
