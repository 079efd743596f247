package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateways apply the rate limits and keep places for people: one address's scripts cannot fill a room, one
 * person cannot flood it, and a node taken for dead puts its connections back into their rooms.
 */
class GatewayLimitsTest {

    private static final int PER_ADDRESS = 3;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("rooms.maxPeoplePerAddress", PER_ADDRESS)
        // the test's sockets come through "a proxy" on 127.0.0.1 so that each can say which address it is
        .put("security.trustedProxies", "127.0.0.1")
        .put("limits.chatSendsPerPerson", "5/1m"));

    private static RawWebSocket script(String address) {
        RawWebSocket socket = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", Map.of("X-Forwarded-For", address));
        socket.nextJson("type", "hello");
        return socket;
    }

    private static JsonObject join(RawWebSocket socket, String room) {
        socket.sendText(new JsonObject().put("type", "join").put("room", room).encode());
        return socket.next(frame -> frame.opcode() == RawWebSocket.TEXT
            && List.of("joined", "error").contains(new JsonObject(frame.text()).getString("type"))).text().transform(JsonObject::new);
    }

    @Test
    void scriptsFromOneAddressCannotFillAPublicRoom() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Not for squatters", 10, null);
        List<RawWebSocket> squatters = new ArrayList<>();
        try {
            List<JsonObject> answers = new ArrayList<>();
            for (int i = 0; i < PER_ADDRESS + 3; i++) {
                RawWebSocket socket = script("203.0.113.7");
                squatters.add(socket);
                answers.add(join(socket, room));
            }
            RawWebSocket neighbour = script("198.51.100.20");
            squatters.add(neighbour);

            assertEquals(PER_ADDRESS, answers.stream().filter(answer -> "joined".equals(answer.getString("type"))).count(), answers.toString());
            JsonObject refused = answers.get(PER_ADDRESS);
            assertEquals(4090, refused.getInteger("code"));
            assertEquals("Too many people from your network are in this room already.", refused.getString("message"));
            assertEquals("joined", join(neighbour, room).getString("type"), "another address still finds a place");
            try (BridgeClient person = app.bridge()) {
                person.enter(room, owner.ticketFor(room));
            }
        } finally {
            squatters.forEach(RawWebSocket::close);
        }
    }

    @Test
    void onePersonsFloodIsRefusedWithTheWaitAndOthersStillWrite() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Flooded");
        try (BridgeClient flooder = app.bridge(); BridgeClient bystander = app.bridge()) {
            flooder.enter(room, alice.ticketFor(room));
            bystander.enter(room, bob.ticketFor(room));
            List<JsonObject> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(flooder.request("chat.send", new JsonObject().put("roomId", room).put("text", "flood " + i)));
            }
            JsonObject bystanders = bystander.request("chat.send", new JsonObject().put("roomId", room).put("text", "still here"));

            assertEquals(5, answers.stream().filter(answer -> "rec".equals(answer.getString("type"))).count());
            JsonObject refused = answers.get(5);
            assertEquals(4290, refused.getInteger("failureCode"), refused.encode());
            assertTrue(refused.getString("message").startsWith("Too many messages; try again in "), refused.getString("message"));
            assertEquals("rec", bystanders.getString("type"), bystanders.encode());
        }
    }

    @Test
    void aNodeTakenForDeadPutsItsConnectionsBackIntoTheirRooms() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Taken for dead");
        try (BridgeClient page = app.bridge()) {
            page.enter(room, alice.ticketFor(room));
            String node = app.liveNodeId();
            JsonObject member = await(app.mongo().findOne("members", new JsonObject().put("roomId", room), null));
            JsonObject connection = member.getJsonArray("conns").getJsonObject(0);

            // what another node's sweep does when this node's heartbeats stop reaching the database
            await(app.mongo().removeDocument("nodes", new JsonObject().put("_id", node)));
            await(app.vertx().eventBus().request("rooms.leave", new JsonObject().put("roomId", room)
                .put("user", new JsonObject().put("id", member.getString("_id").substring(room.length() + 1)).put("colour", member.getString("colour")))
                .put("conn", connection.getString("id"))));
            assertEquals(0, memberCount(alice, room));

            long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
            while (memberCount(alice, room) != 1 && System.nanoTime() < deadline) {
                await(app.vertx().timer(50));
            }
            assertEquals(1, memberCount(alice, room), "the page is counted again");
            JsonObject ack = page.request("chat.send", new JsonObject().put("roomId", room).put("text", "still in"));
            assertEquals("rec", ack.getString("type"), ack.encode());
        }
    }

    private static int memberCount(HttpSession browser, String room) {
        JsonArray rooms = browser.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms");
        return rooms.stream().map(JsonObject.class::cast).filter(r -> room.equals(r.getString("id"))).findFirst()
            .orElseThrow().getInteger("memberCount");
    }
}
