package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** /ws: a script joins a public room, reads its messages and writes, with the browser's rules. */
class PlainWebSocketTest {

    private static final int HEARTBEAT_MS = 300;
    private static final int IDLE_TIMEOUT_MS = 1500;
    private static final int MAX_BAD_FRAMES = 5;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.wsHeartbeatMs", HEARTBEAT_MS)
        .put("realtime.wsIdleTimeoutMs", IDLE_TIMEOUT_MS).put("realtime.maxBadFrames", MAX_BAD_FRAMES));
    private WebSocketClient client;
    private WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    @BeforeEach
    void connect() {
        client = app.vertx().createWebSocketClient();
        ClientWebSocket webSocket = client.webSocket();
        // the handler is in place before the server's greeting can arrive
        webSocket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        webSocket.closeHandler(v -> closed.complete(webSocket.closeStatusCode()));
        await(webSocket.connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(app.realtimePort()).setURI("/ws")));
        socket = webSocket;
    }

    @AfterEach
    void disconnect() {
        await(client.close());
    }

    private JsonObject next(String type) {
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && type.equals(frame.getString("type"))) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no '" + type + "' frame within " + WAIT);
    }

    private void send(JsonObject frame) {
        await(socket.writeTextMessage(frame.encode()));
    }

    @Test
    void aScriptIsGreetedWithItsColourAndTheHeartbeat() {
        JsonObject hello = next("hello");

        assertTrue(hello.getString("colour").matches("#[0-9a-f]{6}"));
        assertEquals(HEARTBEAT_MS, hello.getInteger("heartbeatMs"));
        assertNotNull(next("heartbeat").getLong("at"));
    }

    @Test
    void aScriptChatsWithBrowsersInAPublicRoom() {
        HttpSession browser = app.browser();
        String room = browser.createRoom("Mixed company");
        BridgeClient browserSocket = app.bridge();
        browserSocket.enter(room, browser.ticketFor(room));
        String scriptColour = next("hello").getString("colour");

        send(new JsonObject().put("type", "join").put("room", room));
        next("joined");
        browserSocket.nextOn("room." + room, body -> "joined".equals(body.getString("event")));
        send(new JsonObject().put("type", "send").put("text", "beep boop").put("colour", "#000000"));
        JsonObject sent = next("sent");
        browserSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "hi script"));

        JsonObject seenByBrowser = browserSocket.nextOn("room." + room, body -> "beep boop".equals(body.getString("text")));
        assertEquals(scriptColour, seenByBrowser.getString("colour"));
        assertEquals(seenByBrowser.getLong("seq"), sent.getLong("seq"));
        JsonObject seenByScript;
        do {
            seenByScript = next("message").getJsonObject("message");
        } while (!"hi script".equals(seenByScript.getString("text")));
        assertEquals(browser.colour(), seenByScript.getString("colour"));
        browserSocket.close();
    }

    @Test
    void aPrivateRoomIsNotOpenToScripts() {
        String room = app.browser().createRoom("Private", 5, "pw");

        send(new JsonObject().put("type", "join").put("room", room));

        JsonObject error = next("error");
        assertEquals(4032, error.getInteger("code"));
        assertTrue(error.getString("message").contains("password"));
    }

    @Test
    void writingBeforeJoiningIsRefused() {
        send(new JsonObject().put("type", "send").put("text", "anyone?"));

        assertEquals(4032, next("error").getInteger("code"));
    }

    @Test
    void badFramesGetAnErrorAndTheConnectionKeepsWorking() {
        await(socket.writeTextMessage("not json"));
        assertEquals(4000, next("error").getInteger("code"));
        send(new JsonObject().put("type", "dance"));
        assertEquals(4000, next("error").getInteger("code"));
        send(new JsonObject().put("type", "join").put("room", "0123456789abcdef"));
        assertEquals(4040, next("error").getInteger("code"));

        String room = app.browser().createRoom("After the noise");
        send(new JsonObject().put("type", "join").put("room", room));
        assertEquals(room, next("joined").getString("room"));
    }

    @Test
    void anEmptyMessageIsRefusedWithAReason() {
        String room = app.browser().createRoom("Quiet");
        send(new JsonObject().put("type", "join").put("room", room));
        next("joined");

        send(new JsonObject().put("type", "send").put("text", ""));

        JsonObject error = next("error");
        assertEquals(4000, error.getInteger("code"));
        assertEquals("The message is empty.", error.getString("message"));
    }

    @Test
    void aScriptThatSendsNothingAndAnswersNoPingIsClosedAsIdle() {
        try (RawWebSocket silent = RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", Map.of())) {
            silent.nextJson("type", "hello");
            silent.next(frame -> frame.opcode() == RawWebSocket.PING);
            long start = System.nanoTime();

            assertEquals(1001, silent.awaitClosed(), "going away");
            assertTrue((System.nanoTime() - start) / 1_000_000 >= IDLE_TIMEOUT_MS - 2 * HEARTBEAT_MS, "not before the timeout");
        }
    }

    @Test
    void aScriptWhoseWebSocketLibraryAnswersPingsStaysConnectedWhileSilent() {
        long first = next("heartbeat").getLong("at");
        long last;
        do {
            last = next("heartbeat").getLong("at");
        } while (last - first < 2 * IDLE_TIMEOUT_MS);

        String room = app.browser().createRoom("Patience");
        send(new JsonObject().put("type", "join").put("room", room));
        assertEquals(room, next("joined").getString("room"));
        assertFalse(closed.isDone());
    }

    @Test
    void aConnectionThatKeepsSendingGarbageIsClosed() throws Exception {
        for (int i = 0; i <= MAX_BAD_FRAMES; i++) {
            await(socket.writeTextMessage("garbage " + i));
        }

        assertEquals((short) 1008, closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "policy violation");
    }

    @Test
    void aLeaveSentWhileAJoinIsOnItsWayNeverLeavesTheSessionSubscribedOutsideItsRoom() {
        String room = app.browser().createRoom("Hesitant");
        send(new JsonObject().put("type", "join").put("room", room));
        send(new JsonObject().put("type", "leave"));

        JsonObject first = nextOf("joined", "left", "error");
        JsonObject second = nextOf("joined", "left", "error");
        send(new JsonObject().put("type", "send").put("text", "where am I?"));
        JsonObject answer = nextOf("sent", "error");

        if ("error".equals(first.getString("type"))) {
            // the leave was refused while the join was on its way: the session is in the room
            assertEquals("Wait until the last join is answered.", first.getString("message"));
            assertEquals("joined", second.getString("type"));
            assertEquals("sent", answer.getString("type"), answer.encode());
        } else {
            // the join was answered first, then the leave
            assertEquals(List.of("joined", "left"), List.of(first.getString("type"), second.getString("type")));
            assertEquals(4032, answer.getInteger("code"), answer.encode());
        }
    }

    private JsonObject nextOf(String... types) {
        List<String> wanted = List.of(types);
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && wanted.contains(frame.getString("type"))) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no frame of " + wanted + " within " + WAIT);
    }
}
