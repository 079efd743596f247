package com.gifchat.cluster;

import com.gifchat.support.AppProcess;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LocalCluster;
import com.gifchat.support.LocalCluster.Node;
import com.gifchat.support.RoomListView;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A database outage is not a death: the database-only process is stopped (SIGSTOP) for 20 s under two clustered nodes
 * with a person each in one room. Sends meanwhile are refused within 2 s as unavailable; afterwards both people are
 * still in the room, nobody was told anyone left, the room and everything acknowledged before are still there, and
 * writing works again. Each node says once that the database went and once that it came back.
 */
@ExtendWith(VertxExtension.class)
class OutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final long QUICK_ANSWER_MS = 2000;
    private static final int GRACE_MS = 5000;
    private static final Duration AFTER = Duration.ofSeconds(60);

    private static LocalCluster cluster;
    private static AppProcess database;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("outage", 2, Map.of(
            "PRESENCE_HEARTBEAT_MS", "500",
            "PRESENCE_NODE_TIMEOUT_MS", "3000",
            "ROOMS_EMPTY_GRACE_MS", String.valueOf(GRACE_MS),
            "ROOMS_REAP_INTERVAL_MS", "500"));
        database = cluster.database();
        a = cluster.node(0);
        b = cluster.node(1);
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster != null) {
            database.signal("CONT");
            cluster.close();
            cluster.writeLogs("OutageIT");
        }
    }

    @Test
    void aStoppedDatabaseEmptiesNoRoomAndLosesNothing(Vertx vertx) throws InterruptedException {
        HttpSession alice = new HttpSession(vertx, a.httpPort());
        HttpSession bob = new HttpSession(vertx, b.httpPort());
        String room = alice.createRoom("Through the outage");
        try (BridgeClient aliceOnA = BridgeClient.connect(vertx, a.realtimePort());
             BridgeClient bobOnB = BridgeClient.connect(vertx, b.realtimePort());
             BridgeClient listOnA = BridgeClient.connect(vertx, a.realtimePort())) {
            aliceOnA.enter(room, alice.ticketFor(room));
            bobOnB.enter(room, bob.ticketFor(room));
            aliceOnA.nextOn("room." + room, body -> "joined".equals(body.getString("event")));
            List<String> acknowledged = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                JsonObject ack = aliceOnA.request("chat.send", new JsonObject().put("roomId", room).put("text", "before " + i));
                assertEquals("rec", ack.getString("type"), ack.encode());
                acknowledged.add("before " + i);
            }

            database.signal("STOP");
            long stoppedAt = System.nanoTime();
            // the first send may have been on its way when the database stopped: it too is answered within the bound
            long asked = System.nanoTime();
            JsonObject refused = aliceOnA.request("chat.send", new JsonObject().put("roomId", room).put("text", "during"));
            long answeredMs = (System.nanoTime() - asked) / 1_000_000;
            assertEquals("err", refused.getString("type"), refused.encode());
            assertEquals(5030, refused.getInteger("failureCode"), refused.encode());
            assertTrue(answeredMs <= QUICK_ANSWER_MS + 1500, "refused after " + answeredMs + " ms");
            awaitUnavailable(vertx, b);
            asked = System.nanoTime();
            JsonObject refusedAgain = bobOnB.request("chat.send", new JsonObject().put("roomId", room).put("text", "during"));
            answeredMs = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(5030, refusedAgain.getInteger("failureCode"), refusedAgain.encode());
            assertTrue(answeredMs <= QUICK_ANSWER_MS, "refused after " + answeredMs + " ms");
            long pageAsked = System.nanoTime();
            assertEquals(503, alice.get("/").statusCode());
            assertTrue((System.nanoTime() - pageAsked) / 1_000_000 <= QUICK_ANSWER_MS);
            // the outage lasts its length whatever happens meanwhile: this wait is the fault, not a hope
            Thread.sleep(Math.max(0, (OUTAGE.toNanos() - (System.nanoTime() - stoppedAt)) / 1_000_000));

            database.signal("CONT");
            awaitReady(vertx, a);
            awaitReady(vertx, b);
            // a room created now and never entered is removed one grace period on: proof that the sweeps and the
            // reaper have run since the database came back
            listOnA.register("rooms.events", null);
            String empty = bob.createRoom("Left empty");
            listOnA.next(frame -> "rec".equals(frame.getString("type")) && "rooms.events".equals(frame.getString("address"))
                && RoomListView.removes(frame.getJsonObject("body"), empty));

            JsonObject after = aliceOnA.request("chat.send", new JsonObject().put("roomId", room).put("text", "after"));
            assertEquals("rec", after.getString("type"), after.encode());
            acknowledged.add("after");
            List<JsonObject> seenByBob = bobOnB.framesBefore(frame -> frame.getJsonObject("body") != null
                && "after".equals(frame.getJsonObject("body").getString("text")));
            assertTrue(seenByBob.stream().noneMatch(frame -> "left".equals(frame.getJsonObject("body").getString("event"))),
                "nobody was told anyone left: " + seenByBob);
            JsonObject listed = new HttpSession(vertx, a.httpPort()).get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").stream()
                .map(JsonObject.class::cast).filter(r -> room.equals(r.getString("id"))).findFirst().orElseThrow();
            assertEquals(2, listed.getInteger("memberCount"));
            JsonArray history = alice.get("/api/rooms/" + room + "/messages?limit=50").bodyAsJsonObject().getJsonArray("messages");
            List<String> texts = history.stream().map(JsonObject.class::cast).filter(m -> "text".equals(m.getString("type")))
                .map(m -> m.getString("text")).toList();
            assertTrue(texts.containsAll(acknowledged), "stored: " + texts);
        }
        for (Node node : List.of(a, b)) {
            List<String> lines = node.process().output();
            assertEquals(1, lines.stream().filter(line -> line.contains("does not answer")).count(), String.join("\n", lines));
            assertEquals(1, lines.stream().filter(line -> line.contains("answers again")).count(), String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(line -> line.contains("ERROR")), String.join("\n", lines));
        }
    }

    private static void awaitUnavailable(Vertx vertx, Node node) {
        awaitReadiness(vertx, node, 503);
    }

    private static void awaitReady(Vertx vertx, Node node) {
        awaitReadiness(vertx, node, 200);
    }

    private static void awaitReadiness(Vertx vertx, Node node, int status) {
        WebClient web = WebClient.create(vertx);
        long deadline = System.nanoTime() + AFTER.toNanos();
        while (TestApp.await(web.get(node.httpPort(), "127.0.0.1", "/ready").send()).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/ready did not answer " + status + " within " + AFTER);
            }
            TestApp.await(vertx.timer(100));
        }
        web.close();
    }
}
