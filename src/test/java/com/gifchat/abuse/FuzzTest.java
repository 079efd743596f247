package com.gifchat.abuse;

import com.gifchat.support.AdminSocket;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LogCapture;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed frames by the thousand at the bridge, /ws and the admin bridge while two people chat: the server keeps
 * answering, the bystanders' messages all arrive in order, and the log gets a few summary lines, not one per frame.
 */
class FuzzTest {

    private static final int BRIDGE_FRAMES = 4000;
    private static final int WS_FRAMES = 4000;
    private static final int ADMIN_FRAMES = 2000;
    /** The bystander says something after every this many frames of each kind. */
    private static final int EVERY = 200;
    private static final int MOST_LOG_LINES = 60;
    private static final int ADMIN_PORT = TestApp.freePort();

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("admin.token", "fuzz-admin-token").put("admin.port", ADMIN_PORT));

    private final Random random = new Random(20261206);

    /** A frame no client of ours writes: not JSON, JSON of the wrong shape, or a good frame with something off. */
    private String garbage() {
        return switch (random.nextInt(9)) {
            case 0 -> randomText(1 + random.nextInt(200));
            case 1 -> "{\"type\":" + random.nextInt() + "}";
            case 2 -> new JsonObject().put("type", "register").put("address", randomText(30)).encode();
            case 3 -> new JsonObject().put("type", "send").put("address", "chat.send").put("body", "text")
                .put("headers", "not an object").encode();
            case 4 -> new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", new JsonObject()).encode();
            case 5 -> "[" + "[".repeat(random.nextInt(50)) + "]";
            case 6 -> new JsonObject().put("type", randomText(12)).put("address", "room." + randomText(16)).encode();
            case 7 -> "{\"type\":\"send\",\"address\":\"admin.rooms.close\",\"body\":{\"id\":\"" + randomText(8) + "\"}\n}";
            default -> "{\"type\":\"publish\",\"address\":\"chat.send\",\"body\":" + random.nextDouble() + ",";
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? random.nextInt(0x20) + (random.nextBoolean() ? 0 : 0x7f) : 0x20 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    @Test
    void tenThousandMalformedFramesLeaveTheBystandersUnharmed() throws Exception {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Under fire");
        List<String> said = new ArrayList<>();
        try (LogCapture log = new LogCapture("com.gifchat", "io.vertx");
             BridgeClient writer = app.bridge(); BridgeClient reader = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            reader.enter(room, bob.ticketFor(room));
            Runnable bystanderSays = () -> {
                String text = "still here " + said.size();
                JsonObject ack = writer.request("chat.send", new JsonObject().put("roomId", room).put("text", text));
                assertEquals("rec", ack.getString("type"), ack.encode());
                said.add(text);
            };
            CompletableFuture<Integer> admin = CompletableFuture.supplyAsync(this::fuzzAdminBridge);

            int bridgeSockets = fuzz(BRIDGE_FRAMES, () -> app.bridge(), BridgeClient::writeRaw, BridgeClient::close, bystanderSays);
            int plainSockets = fuzz(WS_FRAMES, () -> RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", Map.of()),
                RawWebSocket::sendText, RawWebSocket::close, bystanderSays);
            int adminConnections = admin.get(TestApp.WAIT.toSeconds() * 6, TimeUnit.SECONDS);
            bystanderSays.run();

            List<String> received = IntStream.range(0, said.size())
                .mapToObj(i -> reader.nextOn("room." + room, body -> "text".equals(body.getString("type"))).getString("text"))
                .toList();
            assertEquals(said, received, "every message, once, in order");
            assertEquals(200, alice.get("/health").statusCode());
            List<String> lines = log.lines("", ch.qos.logback.classic.Level.INFO);
            assertTrue(lines.size() <= MOST_LOG_LINES, lines.size() + " log lines for " + (BRIDGE_FRAMES + WS_FRAMES + ADMIN_FRAMES)
                + " frames on " + (bridgeSockets + plainSockets + adminConnections) + " connections: " + lines.subList(0, Math.min(20, lines.size())));
        }
    }

    interface Writer<S> {
        void write(S socket, String frame) throws Exception;
    }

    interface Closer<S> {
        void close(S socket) throws Exception;
    }

    /** Writes {@code frames} garbage frames, opening a new connection whenever the server closed the last one. */
    private <S> int fuzz(int frames, Supplier<S> open, Writer<S> write, Closer<S> close, Runnable bystander) throws Exception {
        S socket = open.get();
        int connections = 1;
        for (int i = 1; i <= frames; i++) {
            try {
                write.write(socket, garbage());
            } catch (Exception | AssertionError closedByServer) {
                close.close(socket);
                socket = open.get();
                connections++;
            }
            if (i % EVERY == 0) {
                bystander.run();
            }
        }
        close.close(socket);
        return connections;
    }

    private int fuzzAdminBridge() {
        int connections = 0;
        int sent = 0;
        while (sent < ADMIN_FRAMES) {
            connections++;
            try (AdminSocket socket = new AdminSocket(ADMIN_PORT)) {
                while (sent < ADMIN_FRAMES) {
                    sent++;
                    if (random.nextInt(50) == 0) {
                        // a length the bridge refuses: it closes the connection, and reads nothing after
                        socket.out.writeInt(random.nextBoolean() ? 0 : Integer.MAX_VALUE);
                        socket.out.write(garbage().getBytes(StandardCharsets.UTF_8));
                        socket.out.flush();
                        break;
                    }
                    socket.sendText(garbage());
                }
            } catch (IOException closedByServer) {
                // a new connection goes on where this one ended
            }
        }
        return connections;
    }
}
