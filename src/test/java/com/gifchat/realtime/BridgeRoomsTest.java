package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** How many rooms one bridge socket may be in, and leaving one without closing the socket. */
class BridgeRoomsTest {

    private static final int MAX_ROOMS = 3;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.maxRoomsPerSocket", MAX_ROOMS));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    private static JsonObject chat(String roomId, String text) {
        return new JsonObject().put("roomId", roomId).put("text", text);
    }

    private static boolean isEvent(JsonObject body, String event, String colour) {
        return event.equals(body.getString("event")) && colour.equals(body.getString("colour"));
    }

    private static int memberCount(String roomId) {
        return await(app.mongo().findOne("rooms", new JsonObject().put("_id", roomId), null)).getInteger("memberCount");
    }

    @Test
    void aSocketIsInAtMostTheConfiguredNumberOfRoomsAtOnce() {
        HttpSession alice = app.browser();
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i <= MAX_ROOMS; i++) {
            rooms.add(alice.createRoom("Room " + i));
        }
        BridgeClient socket = sockets.bridge();
        for (int i = 0; i < MAX_ROOMS; i++) {
            socket.enter(rooms.get(i), alice.ticketFor(rooms.get(i)));
        }
        String oneTooMany = rooms.get(MAX_ROOMS);

        socket.register("room." + oneTooMany, alice.ticketFor(oneTooMany));

        JsonObject refusal = socket.nextError("room." + oneTooMany);
        assertEquals(4000, refusal.getInteger("failureCode"));
        assertEquals("A connection can be in at most 3 rooms at once: leave one before you enter another.", refusal.getString("message"));
        assertEquals(0, memberCount(oneTooMany), "the refused room was not joined");
        socket.unregister("room." + rooms.get(0));
        socket.enter(oneTooMany, alice.ticketFor(oneTooMany));
    }

    @Test
    void registrationsSentAllAtOnceStillStopAtTheLimit() {
        HttpSession alice = app.browser();
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 2 * MAX_ROOMS; i++) {
            rooms.add(alice.createRoom("Burst " + i));
        }
        List<String> tickets = rooms.stream().map(alice::ticketFor).toList();
        BridgeClient socket = sockets.bridge();

        for (int i = 0; i < rooms.size(); i++) {
            socket.register("room." + rooms.get(i), tickets.get(i));
        }

        int welcomed = 0;
        int refused = 0;
        while (welcomed + refused < rooms.size()) {
            JsonObject frame = socket.next(f -> f.containsKey("address") && f.getString("address").startsWith("room."));
            if ("err".equals(frame.getString("type"))) {
                assertEquals(4000, frame.getInteger("failureCode"), frame.encode());
                refused++;
            } else if ("welcome".equals(frame.getJsonObject("body").getString("event"))) {
                welcomed++;
            }
        }
        assertEquals(MAX_ROOMS, welcomed);
        assertEquals(rooms.size() - MAX_ROOMS, refused);
    }

    /** The frames the socket received before the gateway's answer to a send it makes now, in order. */
    private static List<JsonObject> framesUntilAnswered(BridgeClient socket, String roomId) {
        socket.write(new JsonObject().put("type", "send").put("address", "chat.send")
            .put("body", chat(roomId, "marker")).put("replyAddress", "marker"));
        return socket.framesBefore(frame -> "marker".equals(frame.getString("address")));
    }

    private static boolean isChat(JsonObject frame, String roomId, String text) {
        return "rec".equals(frame.getString("type")) && ("room." + roomId).equals(frame.getString("address"))
            && text.equals(frame.getJsonObject("body").getString("text"));
    }

    @Test
    void afterUnregisteringNoMoreRoomMessagesArriveAndThePersonNoLongerCounts() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Leaving");
        BridgeClient aliceSocket = sockets.bridge();
        aliceSocket.enter(room, alice.ticketFor(room));
        BridgeClient bobSocket = sockets.bridge();
        bobSocket.enter(room, bob.ticketFor(room));
        assertEquals(2, memberCount(room));

        bobSocket.unregister("room." + room);
        aliceSocket.nextOn("room." + room, body -> isEvent(body, "left", bob.colour()));
        aliceSocket.request("chat.send", chat(room, "you are gone"));

        assertEquals(1, memberCount(room));
        List<JsonObject> meanwhile = framesUntilAnswered(bobSocket, room);
        assertTrue(meanwhile.stream().noneMatch(frame -> isChat(frame, room, "you are gone")), meanwhile.toString());
    }

    @Test
    void anUnregisterSentWhileTheJoinIsOnItsWayStillLeavesTheRoom() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Changed my mind");
        BridgeClient aliceSocket = sockets.bridge();
        aliceSocket.enter(room, alice.ticketFor(room));
        String bobsTicket = bob.ticketFor(room);
        BridgeClient bobSocket = sockets.bridge();

        // both frames go out before the gateway can have the answer to the first one's rooms.join
        bobSocket.register("room." + room, bobsTicket);
        bobSocket.unregister("room." + room);

        aliceSocket.nextOn("room." + room, body -> isEvent(body, "left", bob.colour()));
        assertEquals(1, memberCount(room));
        aliceSocket.request("chat.send", chat(room, "are you there?"));
        List<JsonObject> meanwhile = framesUntilAnswered(bobSocket, room);
        assertTrue(meanwhile.stream().noneMatch(frame -> isChat(frame, room, "are you there?")), meanwhile.toString());
        assertEquals(4032, bobSocket.request("chat.send", chat(room, "let me write")).getInteger("failureCode"),
            "bob is not in the room");
    }
}
