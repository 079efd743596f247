package com.gifchat.realtime;

import com.gifchat.identity.Identity;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RoomListView;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** The SockJS bridge, spoken with raw frames at /eventbus/websocket: admission, stamping and its permissions. */
class BridgeTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    private static JsonObject chat(String roomId, String text) {
        return new JsonObject().put("roomId", roomId).put("text", text);
    }

    private static boolean systemEvent(JsonObject body, String event, String colour) {
        return "system".equals(body.getString("type")) && event.equals(body.getString("event"))
            && colour.equals(body.getString("colour"));
    }

    @Test
    void whenSomeoneEntersTheOthersSeeTheyJoined() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Welcome");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);

        sockets.inRoom(bob, room);

        JsonObject notice = aliceSocket.nextOn("room." + room, body -> systemEvent(body, "joined", bob.colour()));
        assertEquals(bob.colour() + " joined", notice.getString("text"));
    }

    @Test
    void leavingARoomWithoutClosingTheSocketTellsTheOthers() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Goodbye");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);

        bobSocket.unregister("room." + room);

        JsonObject notice = aliceSocket.nextOn("room." + room, body -> systemEvent(body, "left", bob.colour()));
        assertEquals(bob.colour() + " left", notice.getString("text"));
        JsonObject writeAfterLeaving = bobSocket.request("chat.send", chat(room, "still here?"));
        assertEquals(4032, writeAfterLeaving.getInteger("failureCode"));
    }

    @Test
    void aMessageReachesEveryoneInTheRoomStampedWithItsSender() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Talk");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);

        JsonObject reply = aliceSocket.request("chat.send", chat(room, "hello bob"));

        assertEquals("rec", reply.getString("type"), reply.encode());
        JsonObject received = bobSocket.nextOn("room." + room, body -> "text".equals(body.getString("type")));
        assertEquals("hello bob", received.getString("text"));
        assertEquals(alice.colour(), received.getString("colour"));
        assertEquals(reply.getJsonObject("body").getLong("seq"), received.getLong("seq"));
        assertFalse(received.containsKey("userId"), "people are known by colour only");
    }

    @Test
    void messagesSentWithoutWaitingArriveInTheOrderTheyWereSent() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Ordered");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);
        int count = 40;

        for (int i = 1; i <= count; i++) {
            aliceSocket.write(new JsonObject().put("type", "send").put("address", "chat.send")
                .put("body", chat(room, "n" + i)).put("replyAddress", "r" + i));
        }

        List<String> received = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            JsonObject message = bobSocket.nextOn("room." + room, body -> "text".equals(body.getString("type")));
            received.add(message.getString("text"));
            numbers.add(message.getLong("seq"));
        }
        assertEquals(java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "n" + i).toList(), received);
        assertEquals(numbers.stream().sorted().toList(), numbers, "numbered in the same order");
    }

    @Test
    void aForgedSenderInTheFrameIsIgnored() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Forgery");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        JsonObject forged = chat(room, "who am I").put("colour", "#000000")
            .put("user", new JsonObject().put("id", "someone-else").put("colour", "#000000"));

        aliceSocket.request("chat.send", forged);

        JsonObject received = aliceSocket.nextOn("room." + room, body -> "who am I".equals(body.getString("text")));
        assertEquals(alice.colour(), received.getString("colour"));
        JsonObject stored = await(app.mongo().findOne("messages", new JsonObject().put("roomId", room), null));
        assertNotEquals("someone-else", stored.getString("userId"));
    }

    @Test
    void subscribingToARoomWithoutATicketIsRefused() {
        String room = app.browser().createRoom("Guarded");
        BridgeClient intruder = sockets.bridge();

        intruder.register("room." + room, null);

        JsonObject error = intruder.nextError("room." + room);
        assertEquals(4032, error.getInteger("failureCode"));
        assertEquals("rejected", intruder.next(frame -> "err".equals(frame.getString("type")) && !frame.containsKey("address"))
            .getString("body"));
    }

    @Test
    void aTicketForOneRoomDoesNotOpenAnotherPrivateRoom() {
        HttpSession eve = app.browser();
        String publicRoom = eve.createRoom("Open");
        String privateRoom = app.browser().createRoom("Closed", 5, "secret");
        BridgeClient eavesdropper = sockets.bridge();

        eavesdropper.register("room." + privateRoom, eve.ticketFor(publicRoom));

        assertEquals(4032, eavesdropper.nextError("room." + privateRoom).getInteger("failureCode"));
    }

    @Test
    void aTamperedTicketIsRefused() {
        HttpSession eve = app.browser();
        String room = eve.createRoom("Tamper");
        String ticket = eve.ticketFor(room);
        String tampered = ticket.substring(0, ticket.length() - 2) + (ticket.endsWith("AA") ? "BB" : "AA");
        BridgeClient socket = sockets.bridge();

        socket.register("room." + room, tampered);

        assertEquals(4032, socket.nextError("room." + room).getInteger("failureCode"));
    }

    /** A ticket as the app signs one, here signed by the test: HS256 over the room, a person and an expiry. */
    private static String signed(String secret, String roomId, long expiresAtSecond) {
        JWTAuth signer = JWTAuth.create(app.vertx(), new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
        return signer.generateToken(claims(roomId, expiresAtSecond), new JWTOptions().setAlgorithm("HS256"));
    }

    private static JsonObject claims(String roomId, long expiresAtSecond) {
        return new JsonObject().put("room", roomId).put("user", Identity.of("forger").toJson()).put("exp", expiresAtSecond);
    }

    private static long inAnHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    @Test
    void aTicketSignedWithAnotherSecretIsRefused() {
        String room = app.browser().createRoom("Forged");
        // the same ticket signed with the app's secret (TestApp's security.secret) is admitted
        sockets.bridge().enter(room, signed("test-secret", room, inAnHour()));
        BridgeClient forger = sockets.bridge();

        forger.register("room." + room, signed("another-secret", room, inAnHour()));

        assertEquals(4032, forger.nextError("room." + room).getInteger("failureCode"));
    }

    @Test
    void anUnsignedTicketIsRefused() {
        String room = app.browser().createRoom("Unsigned");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").toBuffer().getBytes())
            + "." + base64.encodeToString(claims(room, inAnHour()).toBuffer().getBytes()) + ".";
        BridgeClient forger = sockets.bridge();

        forger.register("room." + room, unsigned);
        forger.register("room." + room, unsigned.substring(0, unsigned.length() - 1));

        assertEquals(4032, forger.nextError("room." + room).getInteger("failureCode"));
        assertEquals(4032, forger.nextError("room." + room).getInteger("failureCode"));
    }

    @Test
    void anExpiredTicketIsRefused() {
        String room = app.browser().createRoom("Expired");
        BridgeClient socket = sockets.bridge();

        socket.register("room." + room, signed("test-secret", room, System.currentTimeMillis() / 1000 - 1));

        assertEquals(4032, socket.nextError("room." + room).getInteger("failureCode"));
    }

    @Test
    void internalAddressesAreClosedToBrowsers() {
        BridgeClient socket = sockets.bridge();

        for (String address : new String[]{"rooms.create", "rooms.list", "store.rooms.list", "store.messages.append"}) {
            socket.write(new JsonObject().put("type", "send").put("address", address).put("body", new JsonObject()));
            assertEquals("access_denied", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"), address);
            socket.register(address, null);
            assertEquals("access_denied", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"), address);
        }
    }

    @Test
    void chatCannotBePublishedAndRoomsCannotBeWrittenToDirectly() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("No shortcuts");
        BridgeClient socket = sockets.inRoom(alice, room);

        socket.write(new JsonObject().put("type", "publish").put("address", "chat.send").put("body", chat(room, "x")));
        assertEquals("rejected", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"));
        socket.write(new JsonObject().put("type", "publish").put("address", "room." + room).put("body", chat(room, "x")));
        assertEquals("access_denied", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"));
    }

    @Test
    void writingInARoomYouHaveNotJoinedIsRefused() {
        String room = app.browser().createRoom("Members only");
        BridgeClient outsider = sockets.bridge();

        JsonObject reply = outsider.request("chat.send", chat(room, "let me in"));

        assertEquals("err", reply.getString("type"));
        assertEquals(4032, reply.getInteger("failureCode"));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void emptyAndOverlongMessagesAreRefusedWithAReasonAndNotStored() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Limits");
        BridgeClient socket = sockets.inRoom(alice, room);

        JsonObject empty = socket.request("chat.send", chat(room, "   "));
        JsonObject overlong = socket.request("chat.send", chat(room, "x".repeat(1001)));
        JsonObject notText = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", 42));

        assertEquals(4000, empty.getInteger("failureCode"));
        assertEquals("The message is empty.", empty.getString("message"));
        assertEquals(4000, overlong.getInteger("failureCode"));
        assertTrue(overlong.getString("message").contains("at most 1000 characters"));
        assertEquals(4000, notText.getInteger("failureCode"));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
        assertEquals("rec", socket.request("chat.send", chat(room, "x".repeat(1000))).getString("type"));
    }

    @Test
    void aFullRoomRefusesTheNextPersonUntilSomeoneLeaves() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        HttpSession carol = app.browser();
        String room = alice.createRoom("Pair", 2, null);
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);
        assertEquals(303, carol.get("/room/" + room).statusCode(), "the page already says the room is full");
        assertTrue(carol.get("/").bodyAsString().contains("role=\"alert\">That room is full."));

        bobSocket.close();
        aliceSocket.nextOn("room." + room, body -> systemEvent(body, "left", bob.colour()));
        BridgeClient carolSocket = sockets.bridge();
        carolSocket.register("room." + room, carol.ticketFor(room));
        aliceSocket.nextOn("room." + room, body -> systemEvent(body, "joined", carol.colour()));
    }

    @Test
    void theBridgeEnforcesCapacityEvenWithATicketInHand() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        HttpSession carol = app.browser();
        String room = alice.createRoom("Pair", 2, null);
        sockets.inRoom(alice, room);
        String carolsTicket = carol.ticketFor(room);
        sockets.inRoom(bob, room);
        BridgeClient carolSocket = sockets.bridge();

        carolSocket.register("room." + room, carolsTicket);

        JsonObject error = carolSocket.nextError("room." + room);
        assertEquals(4090, error.getInteger("failureCode"));
        assertEquals("That room is full. Try again when someone leaves.", error.getString("message"));
    }

    @Test
    void twoTabsOfOnePersonCountOnceAndLeaveWhenBothClose() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Tabs");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobFirstTab = sockets.inRoom(bob, room);
        aliceSocket.nextOn("room." + room, body -> systemEvent(body, "joined", bob.colour()));

        BridgeClient bobSecondTab = sockets.inRoom(bob, room);
        bobFirstTab.close();
        aliceSocket.request("chat.send", chat(room, "marker"));
        List<JsonObject> meanwhile = aliceSocket.framesBefore(frame -> "rec".equals(frame.getString("type"))
            && "marker".equals(frame.getJsonObject("body").getString("text")));

        assertTrue(meanwhile.stream().noneMatch(frame -> frame.getJsonObject("body") != null
            && bob.colour().equals(frame.getJsonObject("body").getString("colour"))), meanwhile.toString());
        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null));
        assertEquals(2, stored.getInteger("memberCount"));
        bobSecondTab.close();
        aliceSocket.nextOn("room." + room, body -> systemEvent(body, "left", bob.colour()));
    }

    @Test
    void theRoomListAddressReportsCreatedUpdatedAndRemovedRooms() {
        BridgeClient watcher = sockets.bridge();
        watcher.register("rooms.events", null);
        HttpSession owner = app.browser();
        watcher.request("chat.send", new JsonObject()); // a round trip, so the registration is in place

        String room = owner.createRoom("Watched <i>room</i>");
        JsonObject frame = watcher.nextOn("rooms.events", body -> RoomListView.created(body, room).isPresent());
        JsonObject created = RoomListView.created(frame, room).orElseThrow();
        BridgeClient ownerSocket = sockets.inRoom(owner, room);
        watcher.nextOn("rooms.events", body -> RoomListView.memberCount(body, room).orElse(0) == 1);
        assertEquals(204, owner.delete("/room/" + room).statusCode());
        watcher.nextOn("rooms.events", body -> RoomListView.removes(body, room));

        assertEquals("changes", frame.getString("type"));
        assertEquals("Watched <i>room</i>", created.getString("title"));
        assertEquals(0, created.getInteger("memberCount"));
        ownerSocket.nextOn("room." + room, body -> "closed".equals(body.getString("event")));
    }

    @Test
    void aMalformedFrameGetsAnErrorAndTheSocketKeepsWorking() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Robust");
        BridgeClient socket = sockets.inRoom(alice, room);

        socket.writeRaw("{this is not json");
        assertEquals("invalid_json", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"));
        socket.writeRaw("{\"type\":\"teleport\",\"address\":\"chat.send\"}");
        assertEquals("invalid_type", socket.next(frame -> "err".equals(frame.getString("type"))).getString("body"));

        assertEquals("rec", socket.request("chat.send", chat(room, "still here")).getString("type"));
    }

    @Test
    void anOversizedFrameClosesOnlyThatSocket() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Big");
        BridgeClient bystander = sockets.inRoom(alice, room);
        BridgeClient abuser = sockets.bridge();

        abuser.writeRaw(new JsonObject().put("type", "send").put("address", "chat.send")
            .put("body", chat(room, "x".repeat(70_000))).encode());

        JsonObject error = abuser.next(frame -> "err".equals(frame.getString("type")));
        assertEquals("socket_error", error.getString("body"));
        assertEquals("A message may be at most 65536 bytes long; this connection is closed.", error.getString("message"));
        assertEquals(1009, abuser.awaitClosed());
        assertEquals("rec", bystander.request("chat.send", chat(room, "unaffected")).getString("type"));
    }
}
