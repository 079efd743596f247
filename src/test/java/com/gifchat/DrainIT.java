package com.gifchat;

import com.gifchat.config.Setting;
import com.gifchat.support.AppProcess;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM drains the node, as its own process: connected pages and /ws scripts hear that the server restarts and are
 * closed, new pages are refused while it drains, everything acknowledged is in the store when the app is back, and
 * the process ends, with 0, within shutdown.drainMs and the time it takes to close.
 */
@ExtendWith(VertxExtension.class)
class DrainIT {

    private static final int DRAIN_MS = 10_000;
    /** A brisk typist's pace while the node drains, not a flood: the point is what is in flight, not a load test. */
    private static final long TYPING_MS = 20;
    /** Undeploying and closing the embedded store after the drain; generous, for a busy machine. */
    private static final long CLOSE_ALLOWANCE_MS = 15_000;
    private static final int MESSAGES_BEFORE = 20;

    @Test
    void aStopTellsConnectedPagesKeepsWhatWasAcknowledgedAndEndsWithinTheBound(Vertx vertx, @TempDir Path dir) throws Exception {
        Map<String, String> env = environment(dir);
        int http = Integer.parseInt(env.get(Setting.HTTP_PORT.env()));
        int realtime = Integer.parseInt(env.get(Setting.REALTIME_PORT.env()));
        String room;
        Set<String> acknowledged;
        try (AppProcess app = AppProcess.start(dir, env)) {
            HttpSession alice = new HttpSession(vertx, http);
            room = alice.createRoom("Restarts");
            WebSocketClient scripts = vertx.createWebSocketClient();
            WebSocket script = TestApp.await(scripts.connect(realtime, "127.0.0.1", "/ws"));
            LinkedBlockingQueue<JsonObject> scriptFrames = new LinkedBlockingQueue<>();
            CompletableFuture<Short> scriptClosed = new CompletableFuture<>();
            script.textMessageHandler(text -> scriptFrames.add(new JsonObject(text)));
            script.closeHandler(v -> scriptClosed.complete(script.closeStatusCode()));
            try (BridgeClient page = BridgeClient.connect(vertx, realtime)) {
                page.enter(room, alice.ticketFor(room));
                TestApp.await(script.writeTextMessage(new JsonObject().put("type", "join").put("room", room).encode()));
                nextOfType(scriptFrames, "joined");
                for (int i = 0; i < MESSAGES_BEFORE; i++) {
                    send(page, room, i);
                }
                // the last one answered: all of them were acknowledged before the stop (the other answers wait)
                JsonObject lastBefore = page.next(frame -> ("reply-" + (MESSAGES_BEFORE - 1)).equals(frame.getString("address")));

                long signalled = System.currentTimeMillis();
                app.signal("TERM");
                // keep writing while it drains: some of these are in flight when the socket closes
                int sent = MESSAGES_BEFORE;
                while (!page.isClosed() && sent < 10_000) {
                    try {
                        send(page, room, sent++);
                        Thread.sleep(TYPING_MS);
                    } catch (RuntimeException | AssertionError closedMeanwhile) {
                        break;
                    }
                }
                List<JsonObject> frames = new ArrayList<>(page.framesUntilClosed());
                frames.add(lastBefore);

                JsonObject notice = frames.stream().filter(frame -> ("room." + room).equals(frame.getString("address")))
                    .map(frame -> frame.getJsonObject("body")).filter(body -> "restarting".equals(body.getString("event")))
                    .findFirst().orElseThrow(() -> new AssertionError("no restarting notice: " + frames));
                assertEquals("system", notice.getString("type"));
                assertTrue(notice.getString("text").contains("restarting"), notice.encode());
                acknowledged = frames.stream()
                    .filter(frame -> "rec".equals(frame.getString("type")) && frame.getString("address").startsWith("reply-"))
                    .map(frame -> frame.getJsonObject("body").getString("id")).collect(Collectors.toSet());
                assertTrue(acknowledged.size() >= MESSAGES_BEFORE, "the messages sent before the stop were stored: " + acknowledged + " of " + frames);

                assertTrue(nextOfType(scriptFrames, "restarting").getString("text").contains("restarting"));
                assertEquals((short) 1012, scriptClosed.get(TestApp.WAIT.toSeconds(), TimeUnit.SECONDS), "/ws closes with 1012, service restart");

                int exitCode = app.awaitExit();
                long stopMs = System.currentTimeMillis() - signalled;
                String output = String.join("\n", app.output());
                assertEquals(0, exitCode, output);
                assertTrue(stopMs < DRAIN_MS + CLOSE_ALLOWANCE_MS, "stopped after " + stopMs + " ms: " + output);
                assertTrue(output.contains("drained in"), output);
                assertFalse(app.output().stream().anyMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ")), output);
            }
        }

        try (AppProcess again = AppProcess.start(dir, env)) {
            assertFalse(again.output().isEmpty(), "restarted");
            List<String> ids = storedIds(new HttpSession(vertx, http), room);
            assertTrue(ids.containsAll(acknowledged), "acknowledged " + acknowledged + ", stored " + ids);
            assertEquals(ids.size(), Set.copyOf(ids).size(), "each stored once: " + ids);
        }
    }

    @Test
    void whileItDrainsNewPagesAndSocketsAreRefusedAndItIsNotReady(Vertx vertx, @TempDir Path dir) {
        Map<String, String> env = environment(dir);
        env.put(Setting.SHUTDOWN_DRAIN_MS.env(), "60000");
        int http = Integer.parseInt(env.get(Setting.HTTP_PORT.env()));
        int realtime = Integer.parseInt(env.get(Setting.REALTIME_PORT.env()));
        try (AppProcess app = AppProcess.start(dir, env)) {
            HttpSession alice = new HttpSession(vertx, http);
            String room = alice.createRoom("Refusals");
            try (BridgeClient page = BridgeClient.connect(vertx, realtime);
                 RawWebSocket stuck = RawWebSocket.connect(vertx, realtime, "/ws", Map.of())) {
                page.enter(room, alice.ticketFor(room));
                stuck.nextJson("type", "hello");
                // a script that reads nothing never answers the close: the drain waits for it (Vert.x gives up on
                // it after its closing timeout), which leaves time to look at the draining node
                stuck.pauseReading();
                app.signal("TERM");
                page.nextOn("room." + room, body -> "restarting".equals(body.getString("event")));

                HttpResponse<Buffer> refused = new HttpSession(vertx, http).get("/");
                HttpResponse<Buffer> ready = new HttpSession(vertx, http).get("/ready");
                HttpResponse<Buffer> alive = new HttpSession(vertx, http).get("/health");
                assertEquals(503, refused.statusCode());
                assertTrue(refused.bodyAsString().contains("temporarily unavailable"), refused.bodyAsString());
                assertTrue(refused.getHeader("Retry-After") != null);
                assertEquals(503, ready.statusCode(), ready.bodyAsString());
                assertTrue(ready.bodyAsString().contains("accepting"), ready.bodyAsString());
                assertEquals(200, alive.statusCode());
                try (RawWebSocket late = RawWebSocket.connect(vertx, realtime, "/ws", Map.of())) {
                    assertEquals(503, late.status());
                }
                page.awaitClosed();
            }
            assertEquals(0, app.awaitExit(), String.join("\n", app.output()));
        }
    }

    /** Every message of the room, oldest first, a page at a time as a page catching up asks for them. */
    private static List<String> storedIds(HttpSession session, String room) {
        List<String> ids = new ArrayList<>();
        long after = 0;
        JsonObject page;
        do {
            page = session.get("/api/rooms/" + room + "/messages?after=" + after + "&limit=200").bodyAsJsonObject();
            for (Object message : page.getJsonArray("messages")) {
                ids.add(((JsonObject) message).getString("id"));
                after = ((JsonObject) message).getLong("seq");
            }
        } while (page.getBoolean("hasMore"));
        return ids;
    }

    private static JsonObject nextOfType(LinkedBlockingQueue<JsonObject> frames, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        JsonObject frame;
        do {
            frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no " + type + " frame within " + TestApp.WAIT);
            }
        } while (!type.equals(frame.getString("type")));
        return frame;
    }

    private static void send(BridgeClient page, String room, int i) {
        page.write(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "reply-" + i)
            .put("body", new JsonObject().put("roomId", room).put("text", "m" + i).put("clientId", "client-" + i)));
    }

    private static Map<String, String> environment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.HTTP_HOST.env(), "127.0.0.1");
        env.put(Setting.HTTP_PORT.env(), String.valueOf(TestApp.freePort()));
        env.put(Setting.REALTIME_PORT.env(), String.valueOf(TestApp.freePort()));
        env.put(Setting.EMBEDDED_STORAGE.env(), Setting.STORAGE_FILE);
        env.put(Setting.DATA_DIR.env(), dir.resolve("data").toString());
        env.put(Setting.SECURITY_SECRET.env(), "drain-test-secret");
        env.put(Setting.REALTIME_LEAVE_DELAY_MS.env(), "0");
        env.put(Setting.SHUTDOWN_DRAIN_MS.env(), String.valueOf(DRAIN_MS));
        return env;
    }
}
