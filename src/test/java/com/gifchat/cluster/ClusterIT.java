package com.gifchat.cluster;

import com.gifchat.admin.AdminCli;
import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LocalCluster;
import com.gifchat.support.LocalCluster.Node;
import com.gifchat.support.RoomListView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two clustered nodes of the packaged jar, as separate processes, sharing the jar's database-only mode as their
 * store: people on different nodes chat, see the same room list and the same capacity, and a killed node's people
 * leave their rooms while the other node keeps serving.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final long DEAD_NODE_DEADLINE_MS = 10_000;

    private static final String ADMIN_TOKEN = "cluster-admin-token";

    private static LocalCluster cluster;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("cluster", 2, Map.of(
            "PRESENCE_HEARTBEAT_MS", "500",
            "PRESENCE_NODE_TIMEOUT_MS", "3000",
            "ROOMS_EMPTY_GRACE_MS", "120000",
            "ADMIN_TOKEN", ADMIN_TOKEN));
        a = cluster.node(0);
        b = cluster.node(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static HttpSession browserOn(Vertx vertx, Node node) {
        return new HttpSession(vertx, node.httpPort());
    }

    private static BridgeClient socketOn(Vertx vertx, Node node) {
        return BridgeClient.connect(vertx, node.realtimePort());
    }

    @Test
    @Order(1)
    void messagesCrossNodesOnceEachAndInOrderEvenWhenThePageCameFromTheOtherNode(Vertx vertx) {
        HttpSession alice = browserOn(vertx, a);
        HttpSession bob = browserOn(vertx, b);
        String room = alice.createRoom("Across nodes");
        try (BridgeClient aliceOnB = socketOn(vertx, b); BridgeClient bobOnA = socketOn(vertx, a)) {
            aliceOnB.enter(room, alice.ticketFor(room));
            bobOnA.enter(room, bob.ticketFor(room));
            aliceOnB.nextOn("room." + room, body -> "joined".equals(body.getString("event")));

            for (int i = 1; i <= 20; i++) {
                JsonObject ack = aliceOnB.request("chat.send", new JsonObject().put("roomId", room).put("text", "m" + i));
                assertEquals("rec", ack.getString("type"), ack.encode());
            }
            List<String> received = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> bobOnA.nextOn("room." + room, body -> "text".equals(body.getString("type"))).getString("text"))
                .toList();
            bobOnA.request("chat.send", new JsonObject().put("roomId", room).put("text", "end"));
            List<JsonObject> extra = bobOnA.framesBefore(frame -> frame.getJsonObject("body") != null
                && "end".equals(frame.getJsonObject("body").getString("text")));

            assertEquals(IntStream.rangeClosed(1, 20).mapToObj(i -> "m" + i).toList(), received);
            assertTrue(extra.stream().noneMatch(frame -> "text".equals(frame.getJsonObject("body").getString("type"))
                && !"end".equals(frame.getJsonObject("body").getString("text"))), "no duplicates: " + extra);
        }
    }

    /**
     * One writer per room: people on both nodes send at once, without waiting for answers, and every message gets
     * one number of one gap-free run, every node delivers them in that order, and neither store met a number the
     * other had taken (each would retry; with two writers racing, order across nodes is not kept either).
     */
    @Test
    @Order(2)
    void peopleOnBothNodesSendingAtOnceShareOneNumberingThatEveryNodeDeliversInOrder(Vertx vertx) {
        int perSender = 15;
        HttpSession owner = browserOn(vertx, a);
        String room = owner.createRoom("Busy on both nodes");
        List<BridgeClient> senders = new ArrayList<>();
        List<BridgeClient> watchers = new ArrayList<>();
        try {
            for (Node node : List.of(a, b, a, b)) {
                BridgeClient sender = socketOn(vertx, node);
                senders.add(sender);
                sender.enter(room, browserOn(vertx, node).ticketFor(room));
            }
            for (Node node : List.of(a, b)) {
                BridgeClient watcher = socketOn(vertx, node);
                watchers.add(watcher);
                watcher.enter(room, browserOn(vertx, node).ticketFor(room));
            }
            for (int m = 1; m <= perSender; m++) {
                for (int s = 0; s < senders.size(); s++) {
                    senders.get(s).write(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "r" + m)
                        .put("body", new JsonObject().put("roomId", room).put("text", "s" + s + "-" + m)));
                }
            }
            List<Long> numbers = new ArrayList<>();
            for (BridgeClient sender : senders) {
                for (int m = 1; m <= perSender; m++) {
                    String replyAddress = "r" + m;
                    JsonObject ack = sender.next(frame -> replyAddress.equals(frame.getString("address")));
                    assertEquals("rec", ack.getString("type"), ack.encode());
                    numbers.add(ack.getJsonObject("body").getLong("seq"));
                }
            }
            List<Long> sorted = numbers.stream().sorted().toList();
            long first = sorted.get(0);
            assertEquals(LongStream.range(first, first + numbers.size()).boxed().toList(), sorted, "one gap-free run");

            for (BridgeClient watcher : watchers) {
                List<Long> delivered = IntStream.range(0, numbers.size())
                    .mapToObj(i -> watcher.nextOn("room." + room, body -> "text".equals(body.getString("type"))).getLong("seq"))
                    .toList();
                assertEquals(sorted, delivered, "delivered in the room's order");
            }
            for (Node node : List.of(a, b)) {
                var scraped = browserOn(vertx, node).get("/metrics");
                assertEquals(200, scraped.statusCode());
                String metrics = scraped.bodyAsString();
                assertTrue(metrics.contains("gifchat_messages_total"), "the store's counters are scraped");
                assertFalse(metrics.lines().anyMatch(line -> line.startsWith("gifchat_store_message_conflicts_total")
                    && !line.endsWith(" 0.0")), "no number taken twice: " + metrics.lines()
                    .filter(line -> line.contains("conflicts")).toList());
            }
        } finally {
            senders.forEach(BridgeClient::close);
            watchers.forEach(BridgeClient::close);
        }
    }

    @Test
    @Order(3)
    void theRoomListUpdatesOnEveryNode(Vertx vertx) {
        try (BridgeClient watcherOnB = socketOn(vertx, b)) {
            watcherOnB.register("rooms.events", null);
            watcherOnB.request("chat.send", new JsonObject());

            String room = browserOn(vertx, a).createRoom("Announced everywhere");

            JsonObject created = RoomListView.created(watcherOnB.nextOn("rooms.events",
                body -> RoomListView.created(body, room).isPresent()), room).orElseThrow();
            assertEquals("Announced everywhere", created.getString("title"));
            assertTrue(browserOn(vertx, b).get("/").bodyAsString().contains(room));
        }
    }

    /** Each node gathers every node's changes into its own frames: two nodes do not mean twice the frames. */
    @Test
    @Order(3)
    void roomsCreatedOnBothNodesReachAListInOneFramePerInterval(Vertx vertx) {
        int rooms = 40;
        try (BridgeClient watcherOnB = socketOn(vertx, b)) {
            watcherOnB.register("rooms.events", null);
            watcherOnB.request("chat.send", new JsonObject());
            HttpSession onA = browserOn(vertx, a);
            HttpSession onB = browserOn(vertx, b);

            long start = System.nanoTime();
            List<String> created = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                created.add((i % 2 == 0 ? onA : onB).createRoom("Busy " + i));
            }
            RoomListView view = new RoomListView();
            int frames = 0;
            while (!view.rooms().keySet().containsAll(created)) {
                assertTrue(view.apply(watcherOnB.nextOn("rooms.events", body -> true)));
                frames++;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            // rooms.listUpdateMs is 1000 by default: the first change at once, then one frame a second at most
            assertTrue(frames <= elapsedMs / 1000 + 2, frames + " frames in " + elapsedMs + " ms");
        }
    }

    @Test
    @Order(3)
    void whoIsHereAndWhoIsTypingReachBothNodes(Vertx vertx) {
        HttpSession ann = browserOn(vertx, a);
        HttpSession ben = browserOn(vertx, b);
        HttpSession cat = browserOn(vertx, a);
        String room = ann.createRoom("Present everywhere");
        try (BridgeClient annOnA = socketOn(vertx, a); BridgeClient benOnB = socketOn(vertx, b)) {
            annOnA.enter(room, ann.ticketFor(room));
            benOnB.enter(room, ben.ticketFor(room));
            BridgeClient catOnB = socketOn(vertx, b);
            catOnB.enter(room, cat.ticketFor(room));

            for (Node node : List.of(a, b)) {
                JsonObject people = browserOn(vertx, node).get("/api/rooms/" + room + "/people").bodyAsJsonObject();
                assertEquals(Set.of(ann.colour(), ben.colour(), cat.colour()), people.getJsonArray("people").stream()
                    .map(person -> ((JsonObject) person).getString("colour")).collect(Collectors.toSet()));
            }
            catOnB.close();
            JsonObject left = annOnA.nextOn("room." + room, body -> "left".equals(body.getString("event")));
            assertEquals(cat.colour(), left.getString("colour"));
            assertEquals(2, left.getInteger("memberCount"));

            benOnB.write(new JsonObject().put("type", "send").put("address", "chat.typing").put("body", new JsonObject().put("roomId", room)));
            JsonObject typing = annOnA.nextOn("room." + room, body -> "typing".equals(body.getString("type")));
            assertEquals(ben.colour(), typing.getString("colour"));
        }
    }

    @Test
    @Order(4)
    void capacityIsExactWhenPeopleJoinThroughBothNodesAtOnce(Vertx vertx) {
        int capacity = 3;
        String room = browserOn(vertx, a).createRoom("Scarce", capacity, null);
        List<BridgeClient> sockets = new ArrayList<>();
        List<String> tickets = new ArrayList<>();
        for (int person = 0; person < 8; person++) {
            Node node = person % 2 == 0 ? a : b;
            tickets.add(browserOn(vertx, node).ticketFor(room));
            sockets.add(socketOn(vertx, node));
        }
        try {
            for (int person = 0; person < sockets.size(); person++) {
                sockets.get(person).register("room." + room, tickets.get(person));
            }
            long admitted = sockets.stream().map(socket -> socket.next(frame -> isOutcome(frame, room)))
                .filter(frame -> "rec".equals(frame.getString("type"))).count();

            assertEquals(capacity, admitted);
        } finally {
            sockets.forEach(BridgeClient::close);
        }
    }

    @Test
    @Order(7)
    void aNodeStoppedCleanlyTakesItsPeopleOutOfTheirRoomsAsItLeaves(Vertx vertx) {
        Node c = cluster.addNode();
        HttpSession alice = browserOn(vertx, a);
        HttpSession carol = browserOn(vertx, c);
        String room = alice.createRoom("Goodbyes");
        try (BridgeClient aliceOnA = socketOn(vertx, a); BridgeClient carolOnC = socketOn(vertx, c)) {
            aliceOnA.enter(room, alice.ticketFor(room));
            carolOnC.enter(room, carol.ticketFor(room));
            String carolsColour = carol.colour();
            aliceOnA.nextOn("room." + room, body -> "joined".equals(body.getString("event")));

            int exit = c.process().terminate();

            aliceOnA.nextOn("room." + room, body -> "left".equals(body.getString("event")) && carolsColour.equals(body.getString("colour")));
            // the goodbye ran; whether this node or a peer's sweep took carol out first is a race either way resolves at once
            assertTrue(c.process().output().stream().anyMatch(line -> line.contains("connection(s) left their rooms before it stopped")),
                String.join("\n", c.process().output()));
            assertNotEquals(137, exit, "stopped by its shutdown hook, not killed");
        }
    }

    private static boolean isOutcome(JsonObject frame, String room) {
        if (!("room." + room).equals(frame.getString("address"))) {
            return false;
        }
        return "err".equals(frame.getString("type")) && frame.getInteger("failureCode") == 4090
            || "rec".equals(frame.getString("type")) && "welcome".equals(frame.getJsonObject("body").getString("event"));
    }

    @Test
    @Order(5)
    void anAdministratorOnOneNodeClosesARoomWhosePeopleAreOnTheOther(Vertx vertx) {
        HttpSession bob = browserOn(vertx, b);
        String room = bob.createRoom("Closed from afar");
        try (BridgeClient bobOnB = socketOn(vertx, b)) {
            bobOnB.enter(room, bob.ticketFor(room));

            admin(a, "rooms", "close", room);

            JsonObject notice = bobOnB.nextOn("room." + room, body -> "closed".equals(body.getString("event")));
            assertEquals("admin", notice.getString("by"));
            assertFalse(browserOn(vertx, b).get("/").bodyAsString().contains(room));
        }
    }

    /** Whichever node serves an admin request, a person with a socket on each node hears it on both. */
    @Test
    @Order(5)
    void anAnnouncementAndAKickReachAPersonOnBothNodes(Vertx vertx) {
        HttpSession bob = browserOn(vertx, b);
        String room = bob.createRoom("Heard everywhere");
        try (BridgeClient bobOnA = socketOn(vertx, a); BridgeClient bobOnB = socketOn(vertx, b)) {
            bobOnA.enter(room, bob.ticketFor(room));
            bobOnB.enter(room, bob.ticketFor(room));
            String bobsId = new JsonObject(admin(a, "--json", "rooms", "show", room)).getJsonArray("members").stream()
                .map(JsonObject.class::cast).filter(member -> bob.colour().equals(member.getString("colour")))
                .findFirst().orElseThrow().getString("id");

            admin(a, "announce", "--room", room, "back", "soon");

            for (BridgeClient socket : List.of(bobOnA, bobOnB)) {
                assertEquals("back soon", socket.nextOn("room." + room, body -> "announcement".equals(body.getString("event")))
                    .getString("text"));
            }

            admin(a, "kick", room, bobsId);

            for (BridgeClient socket : List.of(bobOnA, bobOnB)) {
                assertEquals(Failure.REMOVED.code(), socket.nextError("room." + room).getInteger("failureCode"));
                socket.awaitClosed();
            }
        }
    }

    /** Runs the admin command line against one node's admin bridge; returns what it printed, having succeeded. */
    private static String admin(Node node, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AdminCli cli = new AdminCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("ADMIN_PORT", String.valueOf(node.adminPort()), "ADMIN_TOKEN", ADMIN_TOKEN));
        int exit = cli.run(args);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(6)
    void whenANodeIsKilledItsPeopleLeaveWithinTenSecondsAndTheOtherNodeKeepsServing(Vertx vertx) {
        HttpSession alice = browserOn(vertx, a);
        HttpSession bob = browserOn(vertx, b);
        String room = alice.createRoom("Survival");
        try (BridgeClient aliceOnA = socketOn(vertx, a); BridgeClient bobOnB = socketOn(vertx, b)) {
            aliceOnA.enter(room, alice.ticketFor(room));
            bobOnB.enter(room, bob.ticketFor(room));
            aliceOnA.nextOn("room." + room, body -> "joined".equals(body.getString("event")));
            String bobsColour = bob.colour();

            long killedAt = System.currentTimeMillis();
            b.process().kill();
            aliceOnA.nextOn("room." + room, body -> "left".equals(body.getString("event")) && bobsColour.equals(body.getString("colour")));
            long elapsed = System.currentTimeMillis() - killedAt;

            assertTrue(elapsed <= DEAD_NODE_DEADLINE_MS, "left after " + elapsed + " ms");
            assertEquals("rec", aliceOnA.request("chat.send", new JsonObject().put("roomId", room).put("text", "still here")).getString("type"));
            assertEquals(200, browserOn(vertx, a).get("/").statusCode());
            assertEquals(1, browserOn(vertx, a).get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").stream()
                .map(JsonObject.class::cast).filter(r -> room.equals(r.getString("id"))).findFirst().orElseThrow().getInteger("memberCount"));
        }
    }
}
