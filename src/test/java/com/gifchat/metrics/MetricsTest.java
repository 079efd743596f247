package com.gifchat.metrics;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics after some traffic: Vert.x's own meters and the product's, moving, with no room or person in a label. */
class MetricsTest {

    private static Vertx vertx;
    private static TestApp app;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(AppMetrics.options()));
        app = TestApp.start(vertx, new JsonObject());
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
