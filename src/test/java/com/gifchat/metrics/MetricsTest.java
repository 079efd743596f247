package com.gifchat.metrics;

import com.gifchat.bus.Failure;
import com.gifchat.support.AdminSocket;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics after some traffic: Vert.x's own meters and the product's, moving, with no room or person in a label. */
class MetricsTest {

    private static final String ADMIN_TOKEN = "metrics-admin-token";
    private static final int ADMIN_PORT = TestApp.freePort();

    private static Vertx vertx;
    private static TestApp app;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(AppMetrics.options()));
        // a person may create one room an hour here, so that a second one is a refusal to count
        app = TestApp.start(vertx, new JsonObject().put("admin.token", ADMIN_TOKEN).put("admin.port", ADMIN_PORT)
            .put("limits.roomsPerPerson", "1/1h"));
    }

    @AfterAll
    static void stop() {
        app.close();
        TestApp.await(vertx.close());
    }

    private static double value(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static double moved(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    private static String badFrames(String transport) {
        return "gifchat_bad_frames_total{transport=\"" + transport + "\"}";
    }

    private static String refusals(String reason, String transport) {
        return "gifchat_refusals_total{reason=\"" + reason + "\",transport=\"" + transport + "\"}";
    }

    @Test
    void badFramesAndRefusalsAreCountedByTransportAndReason() throws IOException {
        HttpSession carol = app.browser();
        String before = carol.get("/metrics").bodyAsString();
        String room = carol.createRoom("Guarded");
        assertEquals(429, carol.tryCreateRoom("One room too many").statusCode());
        assertEquals(404, carol.get("/gif/" + "0".repeat(32)).statusCode());

        try (BridgeClient page = app.bridge()) {
            for (String garbage : List.of("not json", "{\"type\":\"shout\"}", "{\"type\":\"send\"}")) {
                page.writeRaw(garbage);
                page.next(frame -> "err".equals(frame.getString("type")) && frame.getString("address") == null);
            }
            page.register("room." + room, "a forged ticket");
            assertEquals(Failure.NOT_ADMITTED.code(), page.nextError("room." + room).getInteger("failureCode"));
        }
        try (RawWebSocket script = RawWebSocket.connect(vertx, app.realtimePort(), "/ws", Map.of())) {
            script.nextJson("type", "hello");
            script.sendText("{oops");
            script.nextJson("type", "error");
            script.sendText("{\"type\":\"dance\"}");
            script.nextJson("type", "error");
            script.sendText(new JsonObject().put("type", "send").put("text", "before joining").encode());
            assertEquals(Failure.NOT_ADMITTED.code(), script.nextJson("type", "error").getInteger("code"));
        }
        try (AdminSocket admin = new AdminSocket(ADMIN_PORT)) {
            admin.sendText("{oops");
            assertEquals("err", admin.read().getString("type"));
            admin.send(new JsonObject().put("type", "dance"));
            assertEquals("err", admin.read().getString("type"));
            admin.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "r1")
                .put("headers", new JsonObject().put("token", "a guess")));
            assertEquals("err", admin.read().getString("type"));
        }

        String after = carol.get("/metrics").bodyAsString();
        assertEquals(3, moved(before, after, badFrames("bridge")), after);
        assertEquals(2, moved(before, after, badFrames("ws")), after);
        assertEquals(2, moved(before, after, badFrames("admin")), after);
        assertEquals(1, moved(before, after, refusals("RATE_LIMITED", "http")), after);
        assertEquals(1, moved(before, after, refusals("NO_SUCH_FILE", "http")), after);
        assertEquals(1, moved(before, after, refusals("NOT_ADMITTED", "bridge")), after);
        assertEquals(1, moved(before, after, refusals("NOT_ADMITTED", "ws")), after);
        assertEquals(1, moved(before, after, refusals("WRONG_TOKEN", "admin")), after);
        assertFalse(after.contains(room), "no room id in any label");
        assertFalse(after.contains("shout") || after.contains("dance"), "nothing a client wrote in any label");
    }

    @Test
    void theProductsCountersMoveWithTraffic() {
        HttpSession alice = app.browser();
        String before = alice.get("/metrics").bodyAsString();
        String room = alice.createRoom("Measured");
        try (BridgeClient page = app.bridge()) {
            page.enter(room, alice.ticketFor(room));
            for (int i = 0; i < 3; i++) {
                page.request("chat.send", new JsonObject().put("roomId", room).put("text", "counted " + i));
            }
            page.request("chat.send", new JsonObject().put("roomId", room).put("text", "   "));
            alice.get("/api/rooms/" + room + "/messages?after=1");
        }

        var scrape = alice.get("/metrics");
        String after = scrape.bodyAsString();

        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.getHeader("Content-Type").startsWith("text/plain"), scrape.getHeader("Content-Type"));
        String accepted = "gifchat_messages_total{result=\"accepted\"}";
        assertEquals(3, value(after, accepted) - value(before, accepted), after);
        assertEquals(1, value(after, "gifchat_messages_total{result=\"BAD_INPUT\"}") - value(before, "gifchat_messages_total{result=\"BAD_INPUT\"}"));
        assertTrue(value(after, "gifchat_catchup_requests_total") >= 1);
        assertTrue(value(after, "gifchat_store_commands_seconds_count{address=\"store.messages.append\"}") >= 1, after);
        assertTrue(after.contains("vertx_http_server_requests_total"), "Vert.x's own meters are there too");
        assertFalse(after.contains(room), "no room id in any label");
    }
}
