package com.gifchat.store;

import com.gifchat.metrics.AppMetrics;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many rooms written at once: the batches of different rooms that reach the store while an insert is under way go
 * together in the next one, so far fewer inserts than batches; each room's messages keep the order they were
 * accepted in, numbered without a gap, and a message sent twice with its client id is stored once.
 */
class GroupCommitTest {

    private static final int ROOMS = 20;
    private static final int PER_ROOM = 30;
    private static final String INSERTS = "gifchat_store_message_inserts_total";
    private static final String APPENDS = "gifchat_store_commands_seconds_count{address=\"store.messages.append\"}";
    private static final String ACCEPTED = "gifchat_messages_total{result=\"accepted\"}";

    private Vertx vertx;
    private TestApp app;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(AppMetrics.options()));
        app = TestApp.start(vertx, new JsonObject());
    }

    @AfterEach
    void stop() {
        app.close();
        await(vertx.close());
    }

    @Test
    void batchesOfManyRoomsShareInsertsAndEachRoomKeepsItsOrder() {
        HttpSession owner = app.browser();
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            String room = owner.createRoom("Busy " + r);
            rooms.add(room);
            // the first message also has the room's slow-mode setting read, so the burst below reaches the store at once
            assertEquals(1L, await(send(room, "first", "c-first")).getLong("seq"));
        }
        String before = owner.get("/metrics").bodyAsString();

        // every room at once, from one event loop so that each room's messages are accepted in the order sent; the
        // first room gets each message twice, with the same client id, as a page that retries at once
        Promise<List<List<Future<JsonObject>>>> sent = Promise.promise();
        vertx.runOnContext(v -> {
            List<List<Future<JsonObject>>> replies = new ArrayList<>();
            rooms.forEach(room -> replies.add(new ArrayList<>()));
            for (int i = 0; i < PER_ROOM; i++) {
                for (int r = 0; r < ROOMS; r++) {
                    replies.get(r).add(send(rooms.get(r), "message " + i, "c-" + i));
                    if (r == 0) {
                        replies.get(r).add(send(rooms.get(r), "message " + i, "c-" + i));
                    }
                }
            }
            sent.complete(replies);
        });
        List<List<Future<JsonObject>>> replies = await(sent.future());
        await(Future.all(replies.stream().flatMap(List::stream).toList()));

        for (int r = 0; r < ROOMS; r++) {
            List<Long> numbers = replies.get(r).stream().map(reply -> reply.result().getLong("seq")).distinct().toList();
            assertEquals(LongStream.rangeClosed(2, PER_ROOM + 1).boxed().toList(), numbers, "room " + r + ": numbered in the order sent");
            List<String> history = owner.get("/api/rooms/" + rooms.get(r) + "/messages?limit=" + (PER_ROOM + 1)).bodyAsJsonObject()
                .getJsonArray("messages").stream().map(message -> ((JsonObject) message).getString("text")).toList();
            List<String> expected = new ArrayList<>(List.of("first"));
            IntStream.range(0, PER_ROOM).forEach(i -> expected.add("message " + i));
            assertEquals(expected, history, "room " + r + ": stored once each, in order");
        }
        List<Future<JsonObject>> twice = replies.get(0);
        for (int i = 0; i < twice.size(); i += 2) {
            assertEquals(twice.get(i).result(), twice.get(i + 1).result(), "a copy is answered with the first one's id and number");
        }

        String after = owner.get("/metrics").bodyAsString();
        double inserts = value(after, INSERTS) - value(before, INSERTS);
        double appends = value(after, APPENDS) - value(before, APPENDS);
        assertEquals((double) (ROOMS + 1) * PER_ROOM, value(after, ACCEPTED) - value(before, ACCEPTED), "every send answered");
        assertTrue(appends >= ROOMS, "every room's messages went to the store: " + appends + " batches");
        assertTrue(inserts >= 1 && inserts * 2 <= appends,
            "batches of different rooms share inserts: " + inserts + " inserts for " + appends + " batches");
    }

    /** What a node's gateway hands the rooms verticle for a chat frame of a person admitted there. */
    private Future<JsonObject> send(String room, String text, String clientId) {
        JsonObject message = new JsonObject()
            .put("roomId", room)
            .put("text", text)
            .put("clientId", clientId)
            .put("user", new JsonObject().put("id", "a-writer").put("colour", "#336699"));
        return vertx.eventBus().<JsonObject>request("chat.send", message).map(reply -> reply.body());
    }

    private static double value(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
