package com.gifchat.store;

import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rooms' records as the flush raises them: a room whose record is missing is handed on to be swept, with the last
 * number written in it; a sweep that fails is tried again with the next flush; a flush of rooms that all exist hands
 * nothing on.
 */
class RoomRecordsTest {

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
}
