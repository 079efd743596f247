package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.RoomListView;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An open room list gets one rooms.events frame per interval, however many rooms changed in it: two hundred rooms
 * created in a row arrive in a handful of frames, and what a page builds from them is the room list the API gives.
 */
class RoomListUpdatesTest {

    private static final int ROOMS = 200;
    private static final int INTERVAL_MS = 500;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("rooms.listUpdateMs", INTERVAL_MS)
        .put("rooms.listPageSize", 1000));

    @Test
    void manyChangesArriveInOneFramePerIntervalAndAddUpToTheRoomList() {
        HttpSession owner = app.browser();
        HttpSession guest = app.browser();
        try (BridgeClient list = app.bridge()) {
            list.register("rooms.events", null);
            list.request("chat.send", new JsonObject()); // a round trip, so the registration is in place

            long start = System.nanoTime();
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < ROOMS; i++) {
                rooms.add(owner.createRoom("Room " + i));
            }
            // some recounts and removals among the creations
            String entered = rooms.get(7);
            BridgeClient inRoom = app.bridge();
            inRoom.enter(entered, guest.ticketFor(entered));
            String lastRemoved = null;
            for (int i = 0; i < ROOMS; i += 20) {
                assertEquals(204, owner.delete("/room/" + rooms.get(i)).statusCode());
                lastRemoved = rooms.get(i);
            }

            RoomListView view = new RoomListView();
            int frames = 0;
            boolean recounted = false;
            boolean lastRemovalSeen = false;
            // the removal was published after every creation; the recount comes in a notice window of its own
            while (!lastRemovalSeen || !recounted) {
                JsonObject frame = list.nextOn("rooms.events", body -> true);
                frames++;
                assertEquals("changes", frame.getString("type"));
                assertTrue(view.apply(frame), "no more rooms than rooms.listUpdateMaxRooms changed: " + frame);
                lastRemovalSeen |= RoomListView.removes(frame, lastRemoved);
                recounted |= RoomListView.memberCount(frame, entered).orElse(0) == 1;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            // the first change goes out at once, then at most one frame per interval
            long bound = elapsedMs / INTERVAL_MS + 2;
            assertTrue(frames <= bound, frames + " frames in " + elapsedMs + " ms: more than one per interval");
            assertTrue(frames < ROOMS / 4, frames + " frames for " + ROOMS + " rooms");
            assertEquals(byId(app.browser().get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms")), new TreeMap<>(view.rooms()));
            inRoom.close();
        }
    }

    @Test
    void aFloodOfChangesOnlyAsksTheListsToFetchTheListAgain() {
        Vertx vertx = Vertx.vertx();
        int maxRooms = 5;
        TestApp small = TestApp.start(vertx, new JsonObject().put("rooms.listUpdateMs", 5000).put("rooms.listUpdateMaxRooms", maxRooms));
        try (BridgeClient list = small.bridge()) {
            list.register("rooms.events", null);
            list.request("chat.send", new JsonObject());
            HttpSession owner = small.browser();

            // the first goes out at once; the next ones wait for the interval's end, where there are too many
            for (int i = 0; i < 3 * maxRooms; i++) {
                owner.createRoom("Flood " + i);
            }

            JsonObject first = list.nextOn("rooms.events", body -> true);
            assertEquals(1, RoomListView.size(first), first.encode());
            JsonObject second = list.nextOn("rooms.events", body -> true);
            assertEquals(true, second.getBoolean("reload"), second.encode());
            assertEquals(0, RoomListView.size(second));
        } finally {
            small.close();
            TestApp.await(vertx.close());
        }
    }

    private static Map<String, JsonObject> byId(JsonArray rooms) {
        Map<String, JsonObject> byId = new TreeMap<>();
        rooms.forEach(room -> byId.put(((JsonObject) room).getString("id"), (JsonObject) room));
        return byId;
    }
}
