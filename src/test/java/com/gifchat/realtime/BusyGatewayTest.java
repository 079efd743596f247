package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway that has more deliveries queued than it makes in realtime.maxDeliveryLagMs refuses new sends as busy,
 * keeps none of them, and takes sends again once it has caught up.
 */
class BusyGatewayTest {

    private static final int READERS = 20;
    private static final int BURST = 3000;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(TestApp.withoutRateLimits()
        .put("realtime.instances", 1)
        .put("realtime.maxDeliveryLagMs", 100));

    @Test
    void aGatewayBehindWithItsDeliveriesRefusesSendsAsBusyUntilItCatchesUp() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Overloaded", READERS + 2, null);
        List<BridgeClient> readers = new ArrayList<>();
        try (BridgeClient sender = app.bridge()) {
            sender.enter(room, owner.ticketFor(room));
            for (int i = 0; i < READERS; i++) {
                BridgeClient reader = app.bridge();
                readers.add(reader);
                HttpSession person = app.browser();
                reader.enter(room, person.ticketFor(room));
            }
            double refusedBefore = busyRefusals();

            // a burst of room messages, as a busy room's writer publishes them: each is a task for every socket of the
            // room on the gateway's event loop, more than it delivers in the allowed lag
            JsonObject filler = new JsonObject().put("event", "filler").put("text", "x".repeat(100));
            for (int i = 0; i < BURST; i++) {
                app.vertx().eventBus().publish("room." + room, filler);
            }
            JsonObject refused = sender.request("chat.send", new JsonObject().put("roomId", room)
                .put("text", "while behind").put("clientId", "busy-1"));

            assertEquals(Failure.UNAVAILABLE.code(), refused.getInteger("failureCode"), refused.encode());
            assertEquals(RateLimitedGateway.BUSY, refused.getString("message"));
            assertTrue(busyRefusals() > refusedBefore, "counted as a refusal");

            JsonObject accepted = refused;
            long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
            while (!"rec".equals(accepted.getString("type")) && System.nanoTime() < deadline) {
                await(app.vertx().timer(DeliveryBacklog.PROBE_MS));
                accepted = sender.request("chat.send", new JsonObject().put("roomId", room)
                    .put("text", "caught up").put("clientId", "busy-2"));
            }
            assertEquals("rec", accepted.getString("type"), "taken once the deliveries caught up: " + accepted.encode());
            List<String> stored = await(app.mongo().find("messages", new JsonObject().put("roomId", room))).stream()
                .map(message -> message.getString("text")).toList();
            assertEquals(List.of("caught up"), stored, "nothing of the refused send was kept");
        } finally {
            readers.forEach(BridgeClient::close);
        }
    }

    private static double busyRefusals() {
        Counter counter = AppMetrics.registry().find("gifchat.refusals")
            .tags("transport", AppMetrics.BRIDGE, "reason", Failure.UNAVAILABLE.name()).counter();
        return counter == null ? 0 : counter.count();
    }
}
