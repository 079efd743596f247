package com.gifchat.store;

import com.gifchat.metrics.AppMetrics;
import com.gifchat.store.embedded.EmbeddedMongo;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two app instances on one embedded file database, writing in the same room at once. Each numbers the room's messages
 * from its own memory, so they take the same numbers: the duplicate id refuses the later insert, whose node reads the
 * room's number again and numbers its messages anew. Every message sent is acknowledged and stored once; the room's
 * numbers run 1, 2, 3… without a gap or a repeat; each node's messages keep the order it accepted them in.
 */
class TwoWritersTest {

    private static final int BURST = 100;

    private EmbeddedMongo database;
    private Vertx vertxOfOne;
    private Vertx vertxOfTwo;
    private TestApp one;
    private TestApp two;

    @BeforeEach
    void twoNodesOnOneDatabase(@TempDir Path dir) {
        database = EmbeddedMongo.inFile(dir);
        JsonObject onShared = new JsonObject()
            .put("mongo.connection_string", database.start(0))
            .put("mongo.db_name", "gifchat_shared");
        vertxOfOne = Vertx.vertx();
        vertxOfTwo = Vertx.vertx();
        one = TestApp.start(vertxOfOne, onShared);
        two = TestApp.start(vertxOfTwo, onShared);
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
        await(vertxOfOne.close());
        await(vertxOfTwo.close());
        database.stop();
    }

    @Test
    void twoNodesWritingOneRoomAtOnceNumberItWithoutGapsAndLoseNothing() {
        HttpSession owner = one.browser();
        String room = owner.createRoom("Contested");
        double conflictsBefore = conflicts();
        // each node learns the room's number; then each writes while the other's belief is behind
        assertEquals(1L, await(send(one, room, "one first")).getLong("seq"));
        assertEquals(2L, await(send(two, room, "two first")).getLong("seq"));
        assertEquals(3L, await(send(one, room, "one again")).getLong("seq"));
        assertTrue(conflicts() > conflictsBefore, "node one's stale number met the duplicate id");

        Future<List<Future<JsonObject>>> fromOne = burst(one, room, "one");
        Future<List<Future<JsonObject>>> fromTwo = burst(two, room, "two");
        List<Future<JsonObject>> repliesOne = await(fromOne);
        List<Future<JsonObject>> repliesTwo = await(fromTwo);
        await(Future.all(repliesOne));
        await(Future.all(repliesTwo));

        List<Long> numbersOne = repliesOne.stream().map(reply -> reply.result().getLong("seq")).toList();
        List<Long> numbersTwo = repliesTwo.stream().map(reply -> reply.result().getLong("seq")).toList();
        assertIncreasing(numbersOne, "node one");
        assertIncreasing(numbersTwo, "node two");
        Set<Long> all = new HashSet<>(numbersOne);
        all.addAll(numbersTwo);
        long last = 3 + 2L * BURST;
        assertEquals(2 * BURST, all.size(), "no number given twice");
        assertEquals(LongStream.rangeClosed(4, last).boxed().collect(java.util.stream.Collectors.toSet()), all, "no gap");

        List<JsonObject> history = history(owner, room);
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), history.stream().map(m -> m.getLong("seq")).toList());
        for (int i = 0; i < BURST; i++) {
            assertEquals("one " + i, text(history, numbersOne.get(i)));
            assertEquals("two " + i, text(history, numbersTwo.get(i)));
        }
        assertEquals(last, recordOnceCaughtUp(room, last), "the room's record follows within a second or so");
    }

    /** The room's recorded last number, once it reached {@code last} or the wait ran out. */
    private long recordOnceCaughtUp(String room, long last) {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        while (true) {
            long recorded = await(one.vertx().eventBus().<JsonObject>request("store.rooms.find", new JsonObject().put("id", room)))
                .body().getJsonObject("room").getLong("seq");
            if (recorded == last || System.nanoTime() > deadline) {
                return recorded;
            }
            await(one.vertx().timer(50));
        }
    }

    /** BURST messages from one node, sent from one of its event loops so that it accepts them in that order. */
    private static Future<List<Future<JsonObject>>> burst(TestApp node, String room, String name) {
        Promise<List<Future<JsonObject>>> sent = Promise.promise();
        node.vertx().runOnContext(v -> {
            List<Future<JsonObject>> replies = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                replies.add(send(node, room, name + " " + i));
            }
            sent.complete(replies);
        });
        return sent.future();
    }

    private static void assertIncreasing(List<Long> numbers, String node) {
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) > numbers.get(i - 1), node + "'s messages out of order: " + numbers);
        }
    }

    /** The whole history, a page after another, as a page catching up reads it. */
    private static List<JsonObject> history(HttpSession owner, String room) {
        List<JsonObject> messages = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            JsonObject page = owner.get("/api/rooms/" + room + "/messages?limit=100&after=" + after).bodyAsJsonObject();
            JsonArray found = page.getJsonArray("messages");
            found.forEach(message -> messages.add((JsonObject) message));
            more = page.getBoolean("hasMore");
            after = found.isEmpty() ? after + 100 : messages.get(messages.size() - 1).getLong("seq");
        }
        return messages;
    }

    private static String text(List<JsonObject> history, long seq) {
        return history.stream().filter(m -> m.getLong("seq") == seq).findFirst().orElseThrow().getString("text");
    }

    private static double conflicts() {
        Counter counter = AppMetrics.registry().find("gifchat.store.message.conflicts").counter();
        return counter == null ? 0 : counter.count();
    }

    /** What a node's gateway hands the rooms verticle for a chat frame of a person admitted there. */
    private static Future<JsonObject> send(TestApp node, String room, String text) {
        JsonObject message = new JsonObject()
            .put("roomId", room)
            .put("text", text)
            .put("user", new JsonObject().put("id", "a-writer").put("colour", "#336699"));
        return node.vertx().eventBus().<JsonObject>request("chat.send", message).map(reply -> reply.body());
    }
}
