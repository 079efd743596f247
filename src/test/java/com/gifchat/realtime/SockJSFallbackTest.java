package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LogCapture;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * People whose network blocks WebSockets chat through SockJS's HTTP transports, spoken here as sockjs-client speaks
 * them: a session is /eventbus/&lt;server&gt;/&lt;session&gt;/, messages go up in xhr_send posts (a JSON array of
 * frames, each a JSON string) and come down in "a[...]" frames of the xhr (long polling) or xhr_streaming responses.
 */
class SockJSFallbackTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    private static WebClient web;
    private static HttpClient http;

    @BeforeAll
    static void clients() {
        // SockJS closes the connection after each poll: one connection per request, as no pool can race it
        web = WebClient.create(app.vertx(), new WebClientOptions().setKeepAlive(false));
        http = app.vertx().createHttpClient();
    }

    @AfterAll
    static void closeClients() {
        web.close();
        await(http.close());
    }

    /** A browser tab's session on one of the HTTP transports, sending the Origin of the chat's pages. */
    private static final class Session {
        private final String base = "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/";
        private final List<JsonObject> received = new ArrayList<>();

        HttpResponse<Buffer> post(String transport, String body) {
            var request = web.post(app.realtimePort(), "127.0.0.1", base + transport).putHeader("Origin", "http://127.0.0.1:" + app.httpPort());
            return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
        }

        void send(JsonObject frame) {
            HttpResponse<Buffer> response = post("xhr_send", new JsonArray().add(frame.encode()).encode());
            assertEquals(204, response.statusCode(), response.bodyAsString());
        }

        /** Polls until a frame that matches arrives; the others are kept. */
        JsonObject pollFor(Predicate<JsonObject> wanted) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonObject frame : received) {
                    if (wanted.test(frame)) {
                        received.remove(frame);
                        return frame;
                    }
                }
                String body = post("xhr", null).bodyAsString();
                assertFalse(body.startsWith("c"), "the session was closed: " + body);
                received.addAll(frames(body));
            }
            throw new AssertionError("no matching frame within " + WAIT + "; received: " + received);
        }
    }

    /** The bridge frames in one SockJS frame ("a" and a JSON array of JSON texts); "o" and "h" hold none. */
    private static List<JsonObject> frames(String sockJsFrame) {
        List<JsonObject> frames = new ArrayList<>();
        for (String line : sockJsFrame.split("\n")) {
            if (line.startsWith("a")) {
                new JsonArray(line.substring(1)).forEach(text -> frames.add(new JsonObject((String) text)));
            }
        }
        return frames;
    }

    private static boolean isRoom(JsonObject frame, String roomId, Predicate<JsonObject> body) {
        return "rec".equals(frame.getString("type")) && ("room." + roomId).equals(frame.getString("address")) && body.test(frame.getJsonObject("body"));
    }

    private static JsonObject register(String roomId, String ticket) {
        return new JsonObject().put("type", "register").put("address", "room." + roomId).put("headers", new JsonObject().put("ticket", ticket));
    }

    @Test
    void xhrPollingEntersARoomReceivesItsMessagesAndWrites() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Behind a proxy");
        Session polling = new Session();
        assertEquals("o\n", polling.post("xhr", null).bodyAsString(), "the session opens");

        polling.send(register(room, alice.ticketFor(room)));
        polling.pollFor(frame -> isRoom(frame, room, body -> "welcome".equals(body.getString("event"))));
        BridgeClient bobSocket = app.bridge();
        bobSocket.enter(room, bob.ticketFor(room));
        bobSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "can you hear me?"));

        JsonObject heard = polling.pollFor(frame -> isRoom(frame, room, body -> "can you hear me?".equals(body.getString("text"))));
        assertEquals(bob.colour(), heard.getJsonObject("body").getString("colour"));
        polling.send(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "r1")
            .put("body", new JsonObject().put("roomId", room).put("text", "loud and clear")));
        JsonObject reply = polling.pollFor(frame -> "r1".equals(frame.getString("address")));
        assertEquals("rec", reply.getString("type"), reply.encode());
        JsonObject seenByBob = bobSocket.nextOn("room." + room, body -> "loud and clear".equals(body.getString("text")));
        assertEquals(alice.colour(), seenByBob.getString("colour"));
        bobSocket.close();
    }

    @Test
    void xhrStreamingDeliversTheRoomAsItHappens() throws InterruptedException {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Streaming");
        Session streaming = new Session();
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(app.realtimePort())
            .setURI(streaming.base + "xhr_streaming").putHeader("Origin", "http://127.0.0.1:" + app.httpPort());
        StringBuilder partial = new StringBuilder();
        HttpClientResponse stream = await(http.request(options).compose(request -> request.send())
            .onSuccess(response -> response.handler(chunk -> {
                // SockJS frames end with a line break; a chunk need not end with one
                partial.append(chunk.toString());
                int end = partial.lastIndexOf("\n");
                if (end >= 0) {
                    frames.addAll(frames(partial.substring(0, end)));
                    partial.delete(0, end + 1);
                }
            })));
        assertEquals(200, stream.statusCode());

        streaming.send(register(room, alice.ticketFor(room)));

        JsonObject frame;
        do {
            frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "no welcome within " + WAIT);
        } while (!isRoom(frame, room, body -> "welcome".equals(body.getString("event"))));
        await(stream.request().connection().close());
    }

    @Test
    void aBadFramePostedIsRefusedLikeOnAWebSocket() {
        Session polling = new Session();
        polling.post("xhr", null);

        HttpResponse<Buffer> response = polling.post("xhr_send", new JsonArray().add("{\"type\":\"teleport\",\"address\":\"x\"}").encode());

        assertEquals(204, response.statusCode());
        assertEquals("invalid_type", polling.pollFor(frame -> "err".equals(frame.getString("type"))).getString("body"));
    }

    @Test
    void aMessagePostWithoutABodyIsABadRequestNotAServerError() {
        Session polling = new Session();
        polling.post("xhr", null);

        try (LogCapture log = new LogCapture()) {
            assertEquals(400, polling.post("xhr_send", null).statusCode());
            assertEquals(400, polling.post("xhr_send", "").statusCode());
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void aMessagePostTooLargeForAnyFrameIsRefusedWith413() {
        Session polling = new Session();
        polling.post("xhr", null);

        try (LogCapture log = new LogCapture()) {
            HttpResponse<Buffer> response = polling.post("xhr_send", new JsonArray().add("x".repeat(200_000)).encode());

            assertEquals(413, response.statusCode());
            assertEquals(List.of(), log.warnings(), "a refusal, not an error");
        }
    }
}
