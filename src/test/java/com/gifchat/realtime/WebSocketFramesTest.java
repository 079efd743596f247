package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * WebSocket frames that cost the server more than they cost the sender are refused at the frame: no compression is
 * negotiated, so a compressed frame (one that could inflate to many megabytes) is a protocol error, and a frame or a
 * message over realtime.maxFrameBytes closes its connection with 1009 before the rest of it is even read. On the
 * bridge's raw WebSocket and on /ws alike.
 */
class WebSocketFramesTest {

    private static final long SIXTY_MIB = 60L * 1024 * 1024;
    private static final long QUICKLY_MS = 3000;

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static RawWebSocket open(String path, Map<String, String> headers) {
        RawWebSocket socket = RawWebSocket.connect(app.vertx(), app.realtimePort(), path, headers);
        assertEquals(101, socket.status());
        return socket;
    }

    /** 60 MiB of zeros, deflated as permessage-deflate would carry them: about 60 KB on the wire. */
    private static Buffer deflateBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION, true))) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < SIXTY_MIB / zeros.length; i++) {
                deflating.write(zeros);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/websocket", "/ws"})
    void aClientOfferingCompressionGetsNone(String path) {
        try (RawWebSocket socket = open(path, Map.of("Sec-WebSocket-Extensions",
            "permessage-deflate; client_max_window_bits, x-webkit-deflate-frame"))) {
            assertNull(socket.header("Sec-WebSocket-Extensions"), "no extension is agreed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/websocket", "/ws"})
    void aCompressedFrameIsAProtocolErrorAndIsNeverInflated(String path) {
        Buffer bomb = deflateBomb();
        assertTrue(bomb.length() < 100_000, "the bomb is small on the wire: " + bomb.length());
        try (RawWebSocket socket = open(path, Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            long start = System.nanoTime();
            socket.send(RawWebSocket.TEXT, true, true, bomb);

            assertEquals(1002, socket.awaitClosed(), "protocol error");
            assertTrue(elapsedMs(start) < QUICKLY_MS, "closed after " + elapsedMs(start) + " ms");
        }
        assertTheChatStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/websocket", "/ws"})
    void aFrameClaimingMoreThanTheLimitClosesWith1009BeforeItsBytesArrive(String path) {
        try (RawWebSocket socket = open(path, Map.of())) {
            long start = System.nanoTime();
            // 60 MiB announced, 1 KiB sent: the server must not wait for (or buffer) the rest
            socket.sendTruncated(RawWebSocket.TEXT, SIXTY_MIB, 1024);

            assertEquals(1009, socket.awaitClosed());
            assertTrue(elapsedMs(start) < QUICKLY_MS, "closed after " + elapsedMs(start) + " ms");
        }
        assertTheChatStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/websocket", "/ws"})
    void aMessageWhoseFramesAddUpToMoreThanTheLimitClosesWith1009(String path) {
        try (RawWebSocket socket = open(path, Map.of())) {
            Buffer part = Buffer.buffer("x".repeat(30_000));
            socket.send(RawWebSocket.TEXT, false, false, part);
            socket.send(0x0, false, false, part);
            socket.send(0x0, true, false, part);

            assertEquals(1009, socket.awaitClosed());
        }
    }

    @Test
    void aBridgeFrameJustUnderTheLimitIsStillRead() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Long messages");
        BridgeClient socket = app.bridge();
        socket.enter(room, alice.ticketFor(room));

        JsonObject reply = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "y".repeat(60_000)));

        assertEquals(4000, reply.getInteger("failureCode"), "read, and refused for its length, not its size");
        socket.close();
    }

    private static void assertTheChatStillWorks() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Unharmed");
        BridgeClient socket = app.bridge();
        socket.enter(room, alice.ticketFor(room));
        assertEquals("rec", socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "fine")).getString("type"));
        socket.close();
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
