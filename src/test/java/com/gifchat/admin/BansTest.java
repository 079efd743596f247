package com.gifchat.admin;

import com.gifchat.bus.Failure;
import com.gifchat.limits.ClientHash;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** The kick bypass turned around: a ban holds on every path that enters or writes, by person and by address. */
class BansTest {

    private static final String BANNED = "You are banned from this chat until ";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(TestApp.withoutRateLimits()
        // the test's clients come through "a proxy" on 127.0.0.1 so that each can say which address it is
        .put("security.trustedProxies", "127.0.0.1"));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    private static JsonObject admin(String address, JsonObject request) {
        return await(app.vertx().eventBus().<JsonObject>request(address, request).map(Message::body));
    }

    private static Failure adminFailure(String address, JsonObject request) {
        Future<Object> call = app.vertx().eventBus().request(address, request).map(reply -> (Object) reply);
        return Failure.of(assertThrows(Throwable.class, () -> await(call)));
    }

    private RawWebSocket script(String address) {
        RawWebSocket socket = sockets.script(Map.of("X-Forwarded-For", address));
        socket.nextJson("type", "hello");
        return socket;
    }

    private static JsonObject join(RawWebSocket socket, String room) {
        socket.sendText(new JsonObject().put("type", "join").put("room", room).encode());
        return socket.next(frame -> frame.opcode() == RawWebSocket.TEXT
            && List.of("joined", "error").contains(new JsonObject(frame.text()).getString("type"))).text().transform(JsonObject::new);
    }

    private static JsonObject member(String room, String colour) {
        return admin("admin.rooms.show", new JsonObject().put("roomId", room)).getJsonArray("members").stream()
            .map(JsonObject.class::cast).filter(member -> colour == null || colour.equals(member.getString("colour")))
            .findFirst().orElseThrow();
    }

    private static String memberFrom(String room, String client) {
        return admin("admin.rooms.show", new JsonObject().put("roomId", room)).getJsonArray("members").stream()
            .map(JsonObject.class::cast).filter(member -> ClientHash.of(client).equals(member.getString("address")))
            .findFirst().orElseThrow().getString("id");
    }

    private static void assertBanned(HttpResponse<Buffer> response) {
        assertEquals(403, response.statusCode(), response.bodyAsString());
        assertTrue(response.bodyAsString().contains(BANNED), response.bodyAsString());
    }

    @Test
    void aBannedPersonLeavesEveryRoomAndCanNeitherEnterNorCreateNorUpload() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String first = alice.createRoom("First");
        String second = alice.createRoom("Second");
        sockets.inRoom(alice, first);
        BridgeClient bobInFirst = sockets.inRoom(bob, first);
        BridgeClient bobInSecond = sockets.inRoom(bob, second);
        String bobsId = member(second, bob.colour()).getString("id");

        JsonObject banned = admin("admin.ban", new JsonObject().put("personId", bobsId).put("seconds", 600).put("reason", "spam"));

        assertEquals(2, banned.getInteger("kicked"), banned.encode());
        assertEquals("person:" + bobsId, banned.getJsonObject("ban").getString("id"));
        assertEquals(Failure.REMOVED.code(), bobInFirst.nextError("room." + first).getInteger("failureCode"));
        assertEquals(Failure.REMOVED.code(), bobInSecond.nextError("room." + second).getInteger("failureCode"));
        assertEquals(1, admin("admin.rooms.show", new JsonObject().put("roomId", first)).getJsonArray("members").size(), "alice stays");

        BridgeClient again = sockets.bridge();
        again.register("room." + first, bob.ticketFor(first));
        JsonObject refused = again.nextError("room." + first);
        assertEquals(Failure.REMOVED.code(), refused.getInteger("failureCode"));
        assertTrue(refused.getString("message").startsWith(BANNED), refused.encode());
        assertBanned(bob.tryCreateRoom("Mine now"));
        assertBanned(bob.upload(first, "x.gif", "image/gif", Images.gif(4, 4)));
        assertEquals(201, alice.upload(first, "y.gif", "image/gif", Images.gif(4, 4)).statusCode(), "the others still can");

        assertTrue(admin("admin.bans.list", new JsonObject()).getJsonArray("bans").stream().map(JsonObject.class::cast)
            .anyMatch(ban -> ("person:" + bobsId).equals(ban.getString("id")) && "spam".equals(ban.getString("reason"))));
        assertTrue(admin("admin.unban", new JsonObject().put("personId", bobsId)).getBoolean("removed"));
        sockets.inRoom(bob, first);
    }

    @Test
    void anAddressBanStopsFreshCookiesAndSocketsFromThatAddressOnly() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Open door");
        RawWebSocket script = script("203.0.113.9");
        assertEquals("joined", join(script, room).getString("type"));
        String hash = member(room, null).getString("address");
        assertEquals(ClientHash.of("203.0.113.9"), hash, "the pages and the gateway hash an address alike");

        JsonObject banned = admin("admin.ban", new JsonObject().put("addressHash", hash).put("seconds", 600));

        assertEquals(1, banned.getInteger("kicked"));
        assertEquals(Failure.REMOVED.code(), script.nextJson("type", "error").getInteger("code"));
        JsonObject refused = join(script("203.0.113.9"), room);
        assertEquals(Failure.REMOVED.code(), refused.getInteger("code"), refused.encode());
        assertTrue(refused.getString("message").startsWith(BANNED), refused.encode());
        HttpSession freshCookie = app.browser().forwardedFor("203.0.113.9");
        assertBanned(freshCookie.tryCreateRoom("New name, same address"));
        assertEquals("joined", join(script("198.51.100.3"), room).getString("type"), "other addresses are welcome");
        assertEquals(303, app.browser().forwardedFor("198.51.100.3").tryCreateRoom("Elsewhere").statusCode());
        admin("admin.unban", new JsonObject().put("addressHash", hash));
    }

    @Test
    void aBanEnds() throws InterruptedException {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Short ban");
        sockets.inRoom(bob, room);
        String bobsId = member(room, bob.colour()).getString("id");

        long until = admin("admin.ban", new JsonObject().put("personId", bobsId).put("seconds", 1)).getJsonObject("ban").getLong("until");
        assertBanned(bob.tryCreateRoom("Too soon"));
        // the ban's own clock: nothing to wait on but its end
        Thread.sleep(Math.max(0, until - System.currentTimeMillis()) + 50);

        sockets.inRoom(bob, room);
        assertEquals(303, bob.tryCreateRoom("Back again").statusCode());
        assertTrue(admin("admin.bans.list", new JsonObject()).getJsonArray("bans").stream().map(JsonObject.class::cast)
            .noneMatch(ban -> ("person:" + bobsId).equals(ban.getString("id"))), "an ended ban is not listed");
    }

    @Test
    void aKickByAddressKeepsAFreshSocketFromThatAddressOutForItsCoolDown() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Cool-down");
        RawWebSocket script = script("203.0.113.20");
        assertEquals("joined", join(script, room).getString("type"));
        RawWebSocket other = script("203.0.113.21");
        assertEquals("joined", join(other, room).getString("type"));
        String scriptId = memberFrom(room, "203.0.113.20");
        String otherId = memberFrom(room, "203.0.113.21");

        admin("admin.kick", new JsonObject().put("roomId", room).put("userId", scriptId).put("cooldownSeconds", 60).put("byAddress", true));
        admin("admin.kick", new JsonObject().put("roomId", room).put("userId", otherId).put("cooldownSeconds", 60));

        JsonObject sameAddress = join(script("203.0.113.20"), room);
        assertEquals(Failure.REMOVED.code(), sameAddress.getInteger("code"), sameAddress.encode());
        assertEquals("joined", join(script("203.0.113.21"), room).getString("type"), "a plain kick holds for the person only");
    }

    @Test
    void aBanNamesExactlyOneTargetForSomeTime() {
        String person = "0123456789abcdef0123456789abcdef";
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.ban", new JsonObject().put("seconds", 60)));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.ban", new JsonObject().put("personId", person)
            .put("addressHash", "0123456789abcdef").put("seconds", 60)));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.ban", new JsonObject().put("personId", "not-an-id").put("seconds", 60)));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.ban", new JsonObject().put("personId", person).put("seconds", 0)));
        assertEquals(Failure.BAD_INPUT, adminFailure("admin.ban", new JsonObject().put("personId", person)));
        assertFalse(admin("admin.unban", new JsonObject().put("personId", person)).getBoolean("removed"));
    }
}
