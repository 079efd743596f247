package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** History: every acknowledged message is stored, and pages of it come back oldest first. */
class HistoryTest {

    private static final int STORED = 120;

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    private static HttpSession owner;
    private static String room;
    private static BridgeClient socket;

    @BeforeAll
    static void aRoomWith120Messages() {
        owner = app.browser();
        room = owner.createRoom("Chatty");
        socket = app.bridge();
        socket.enter(room, owner.ticketFor(room));
        for (int i = 1; i <= STORED; i++) {
            JsonObject reply = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "message " + i));
            assertEquals("rec", reply.getString("type"), reply.encode());
        }
    }

    @AfterAll
    static void stop() {
        socket.close();
    }

    private static List<String> texts(JsonObject page) {
        return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList();
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "message " + i).toList();
    }

    @Test
    void enteringShowsTheLastFiftyOldestFirst() {
        JsonObject page = owner.get("/api/rooms/" + room + "/messages").bodyAsJsonObject();

        assertEquals(numbered(71, 120), texts(page));
        assertTrue(page.getBoolean("hasMore"));
    }

    @Test
    void olderPagesFollowInOrderUntilTheFirstMessage() {
        JsonObject latest = owner.get("/api/rooms/" + room + "/messages").bodyAsJsonObject();
        long oldest = latest.getJsonArray("messages").getJsonObject(0).getLong("seq");

        JsonObject older = owner.get("/api/rooms/" + room + "/messages?before=" + oldest).bodyAsJsonObject();
        long oldestAgain = older.getJsonArray("messages").getJsonObject(0).getLong("seq");
        JsonObject first = owner.get("/api/rooms/" + room + "/messages?before=" + oldestAgain).bodyAsJsonObject();

        assertEquals(numbered(21, 70), texts(older));
        assertEquals(numbered(1, 20), texts(first));
        assertFalse(first.getBoolean("hasMore"));
    }

    @Test
    void pagesSkipRemovedMessagesAndStillHoldAFullPage() {
        String gappy = owner.createRoom("Gappy");
        BridgeClient writer = app.bridge();
        writer.enter(gappy, owner.ticketFor(gappy));
        for (int i = 1; i <= 70; i++) {
            writer.request("chat.send", new JsonObject().put("roomId", gappy).put("text", "message " + i));
        }
        writer.close();
        List<Object> removed = IntStream.concat(IntStream.rangeClosed(20, 30), IntStream.of(65))
            .mapToObj(seq -> (Object) (gappy + "-" + seq)).toList();
        JsonObject byId = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(removed)));
        await(app.mongo().removeDocuments("messages", byId));

        JsonObject latest = owner.get("/api/rooms/" + gappy + "/messages").bodyAsJsonObject();
        JsonObject rest = owner.get("/api/rooms/" + gappy + "/messages?before=9").bodyAsJsonObject();

        List<String> newestFifty = new ArrayList<>(numbered(9, 19));
        newestFifty.addAll(numbered(31, 64));
        newestFifty.addAll(numbered(66, 70));
        assertEquals(newestFifty, texts(latest));
        assertTrue(latest.getBoolean("hasMore"));
        assertEquals(numbered(1, 8), texts(rest));
        assertFalse(rest.getBoolean("hasMore"));
    }

    @Test
    void aScriptMayAskForADifferentPageSize() {
        JsonObject page = owner.get("/api/rooms/" + room + "/messages?limit=5&before=11").bodyAsJsonObject();

        assertEquals(numbered(6, 10), texts(page));
    }

    @Test
    void messagesCarryTheirNumberSenderColourAndTime() {
        JsonArray messages = owner.get("/api/rooms/" + room + "/messages?limit=1").bodyAsJsonObject().getJsonArray("messages");
        JsonObject last = messages.getJsonObject(0);

        assertEquals(STORED, last.getLong("seq"));
        assertEquals(owner.colour(), last.getString("colour"));
        assertEquals("text", last.getString("type"));
        assertNotNull(last.getLong("at"));
        assertFalse(last.containsKey("userId"));
    }

    @Test
    void badPagingParametersAre400WithAMessage() {
        for (String query : new String[]{"?limit=0", "?limit=201", "?limit=abc", "?before=-3", "?before=x"}) {
            HttpResponse<Buffer> response = owner.get("/api/rooms/" + room + "/messages" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals(4000, response.bodyAsJsonObject().getJsonObject("error").getInteger("code"), query);
        }
    }

    @Test
    void anUnknownRoomHasNoHistory() {
        HttpResponse<Buffer> response = owner.get("/api/rooms/0123456789abcdef/messages");

        assertEquals(404, response.statusCode());
        assertEquals(4040, response.bodyAsJsonObject().getJsonObject("error").getInteger("code"));
    }

    @Test
    void aPrivateRoomsHistoryIsOnlyForThoseAdmitted() {
        HttpSession creator = app.browser();
        String secret = creator.createRoom("Secret", 5, "pw");
        HttpSession stranger = app.browser();

        assertEquals(403, stranger.get("/api/rooms/" + secret + "/messages").statusCode());
        assertEquals(200, creator.get("/api/rooms/" + secret + "/messages").statusCode());
        stranger.admit(secret, "pw");
        assertEquals(200, stranger.get("/api/rooms/" + secret + "/messages").statusCode());
    }

    @Test
    void aReconnectingPageGetsExactlyWhatCameAfterItsLastMessage() {
        JsonObject page = owner.get("/api/rooms/" + room + "/messages?after=" + (STORED - 5)).bodyAsJsonObject();

        assertEquals(numbered(STORED - 4, STORED), texts(page));
        assertFalse(page.getBoolean("hasMore"));
        assertEquals(STORED, page.getLong("lastSeq"));
    }

    @Test
    void aLongGapComesInPagesThatSayMoreFollows() {
        JsonObject first = owner.get("/api/rooms/" + room + "/messages?after=10&limit=20").bodyAsJsonObject();
        long last = first.getJsonArray("messages").getJsonObject(19).getLong("seq");
        JsonObject second = owner.get("/api/rooms/" + room + "/messages?after=" + last + "&limit=20").bodyAsJsonObject();

        assertEquals(numbered(11, 30), texts(first));
        assertTrue(first.getBoolean("hasMore"));
        assertEquals(numbered(31, 50), texts(second));
    }

    @Test
    void aPageThatMissedNothingGetsNothing() {
        JsonObject page = owner.get("/api/rooms/" + room + "/messages?after=" + STORED).bodyAsJsonObject();

        assertEquals(List.of(), texts(page));
        assertFalse(page.getBoolean("hasMore"));
    }

    @Test
    void afterAndBeforeAreCheckedAndNotMixed() {
        assertEquals(400, owner.get("/api/rooms/" + room + "/messages?after=-1").statusCode());
        assertEquals(400, owner.get("/api/rooms/" + room + "/messages?after=x").statusCode());
        assertEquals(400, owner.get("/api/rooms/" + room + "/messages?after=3&before=9").statusCode());
    }
}
