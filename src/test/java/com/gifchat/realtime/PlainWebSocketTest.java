package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
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

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** /ws: a script joins a public room, reads its messages and writes, with the browser's rules. */
class PlainWebSocketTest {

    private static final int HEARTBEAT_MS = 300;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.wsHeartbeatMs", HEARTBEAT_MS));
    private WebSocketClient client;
    private WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() {
        client = app.vertx().createWebSocketClient();
        ClientWebSocket webSocket = client.webSocket();
        // the handler is in place before the server's greeting can arrive
        webSocket.textMessageHandler(text -> frames.add(new JsonObject(text)));
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
}
