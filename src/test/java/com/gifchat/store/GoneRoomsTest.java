package com.gifchat.store;

import com.gifchat.bus.Failure;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room that goes while its writer still knows its number. Removed without a fence on its next number (by hand here,
 * as a removal cut short by a crash leaves it), what the writer stores in it meanwhile is removed with the next
 * records' flush and the next message is refused; without that sweep the message would stay until the removal's
 * second look, or for good. Removed through the store, the next message is refused at once. (A removal on another
 * node: {@code SharedRoomTest}.) The flush hands a room whose record is missing on to be swept, with the last number
 * written in it, and again with the next flush when that sweep failed.
 */
class GoneRoomsTest {

    /** The records are flushed every second; the sweep follows that flush's answer. */
    private static final Duration SWEPT_WITHIN = Duration.ofSeconds(5);

    private static Vertx vertx;
    private static TestApp app;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        app = TestApp.start(vertx, new JsonObject());
    }

    @AfterAll
    static void stop() {
        app.close();
        await(vertx.close());
    }

    @Test
    void whatIsStoredInARoomThatWentUnderItsWriterIsRemovedWithinSecondsAndTheNextMessageRefused() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Going");
        assertEquals(1L, await(send(room, "before")).getLong("seq"));
        // the room gone, no fence on its next number, and the number still known to the node that writes it
        await(app.mongo().removeDocument("rooms", new JsonObject().put("_id", room)));

        assertEquals(2L, await(send(room, "on its way")).getLong("seq"), "numbered from memory and stored");
        awaitNoMessagesOf(room);

        assertRefusedAsGone(send(room, "after"));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void aRoomRemovedThroughThisNodesStoreRefusesTheNextMessageAtOnce() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Removed here");
        assertEquals(1L, await(send(room, "before")).getLong("seq"));
        JsonObject deleted = await(vertx.eventBus().<JsonObject>request("store.rooms.delete", new JsonObject().put("id", room))).body();
        assertEquals(Boolean.TRUE, deleted.getBoolean("deleted"));

        assertRefusedAsGone(send(room, "after"));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void aMissingRecordIsHandedOnUntilItsSweepSucceeds() {
        String room = app.browser().createRoom("Recorded");
        String gone = "0123456789abcdef";
        List<Map<String, Long>> handedOn = new ArrayList<>();
        RoomRecords records = new RoomRecords(app.mongo(), lastWritten -> {
            handedOn.add(lastWritten);
            return handedOn.size() == 1 ? Future.failedFuture("the database went away") : Future.succeededFuture();
        });

        records.raise(room, 3, 1_000);
        records.raise(gone, 5, 1_000);
        assertTrue(await(records.flush().map(false).otherwise(true)), "the failed sweep fails the flush");
        await(records.flush());

        assertEquals(List.of(Map.of(room, 3L, gone, 5L), Map.of(room, 3L, gone, 5L)), handedOn);
        assertEquals(3L, await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)).getLong("seq"));

        records.raise(room, 4, 2_000);
        await(records.flush());

        assertEquals(2, handedOn.size(), "every record found: nothing handed on");
        assertEquals(4L, await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)).getLong("seq"));
    }

    private static void awaitNoMessagesOf(String room) {
        long deadline = System.nanoTime() + SWEPT_WITHIN.toNanos();
        JsonObject ofRoom = new JsonObject().put("roomId", room);
        while (await(app.mongo().count("messages", ofRoom)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gone room's messages were still stored after " + SWEPT_WITHIN);
            }
            await(vertx.timer(50));
        }
    }

    private static void assertRefusedAsGone(Future<JsonObject> reply) {
        Throwable error = await(reply.<Throwable>map(accepted -> null).otherwise(failure -> failure));
        ReplyException refusal = assertInstanceOf(ReplyException.class, error, "refused");
        assertEquals(Failure.NO_SUCH_ROOM.code(), refusal.failureCode(), refusal.getMessage());
    }

    /** What a node's gateway hands the rooms verticle for a chat frame of a person admitted there. */
    private static Future<JsonObject> send(String room, String text) {
        JsonObject message = new JsonObject()
            .put("roomId", room)
            .put("text", text)
            .put("user", new JsonObject().put("id", "a-writer").put("colour", "#336699"));
        return vertx.eventBus().<JsonObject>request("chat.send", message).map(reply -> reply.body());
    }
}
