package com.gifchat.rooms;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.gifchat.bus.Addresses.ROOM_CHANGES;
import static com.gifchat.bus.Addresses.room;

/**
 * Tells a room who joined and left and how many are in it now, and the room lists how full the room is
 * ({@link RoomListFeed}). The first change in a quiet room goes
 * out at once; changes within the next {@code windowMs} wait and go out together when it ends, in the order they
 * happened, consecutive joins (or leaves) as one notice. A crowd of N arriving together then costs a few notices
 * for everyone, not N notices for each of N people.
 */
final class PresenceNotices {

    private final Vertx vertx;
    private final long windowMs;
    private final Map<String, Window> windows = new HashMap<>();

    PresenceNotices(Vertx vertx, long windowMs) {
        this.vertx = vertx;
        this.windowMs = windowMs;
    }

    private record Change(String event, String colour) {
    }

    /** A room's open window: what happened since its last notice, and the member count after it. */
    private static final class Window {
        private final List<Change> changes = new ArrayList<>();
        private boolean counted;
        private int memberCount;
        private long timer;
    }

    void joined(String roomId, String colour, int memberCount) {
        changed(roomId, new Change(RoomViews.JOINED, colour), memberCount);
    }

    void left(String roomId, String colour, int memberCount) {
        changed(roomId, new Change(RoomViews.LEFT, colour), memberCount);
    }

    /** Someone left without a notice of this kind (an administrator's removal has its own): only the count changed. */
    void recounted(String roomId, int memberCount) {
        changed(roomId, null, memberCount);
    }

    private void changed(String roomId, Change change, int memberCount) {
        Window window = windows.get(roomId);
        if (window == null) {
            publish(roomId, change == null ? List.of() : List.of(change), memberCount);
            open(roomId);
        } else {
            if (change != null) {
                window.changes.add(change);
            }
            window.counted = true;
            window.memberCount = memberCount;
        }
    }

    private void open(String roomId) {
        Window window = new Window();
        windows.put(roomId, window);
        window.timer = vertx.setTimer(windowMs, id -> {
            Window ended = windows.remove(roomId);
            if (ended.counted) {
                publish(roomId, ended.changes, ended.memberCount);
                open(roomId);
            }
        });
    }

    /** Publishes what every open window holds now, and closes them: the node is about to stop. */
    void publishWaiting() {
        windows.forEach((roomId, window) -> {
            vertx.cancelTimer(window.timer);
            if (window.counted) {
                publish(roomId, window.changes, window.memberCount);
            }
        });
        windows.clear();
    }

    private void publish(String roomId, List<Change> changes, int memberCount) {
        long at = System.currentTimeMillis();
        if (changes.isEmpty()) {
            vertx.eventBus().publish(room(roomId), RoomViews.members(roomId, memberCount, at));
        }
        int start = 0;
        for (int i = 1; i <= changes.size(); i++) {
            if (i == changes.size() || !changes.get(i).event().equals(changes.get(start).event())) {
                List<String> colours = changes.subList(start, i).stream().map(Change::colour).toList();
                // the count after the whole window: a room's page needs no other feed to show how full it is
                vertx.eventBus().publish(room(roomId), RoomViews.presence(roomId, changes.get(start).event(), colours, at)
                    .put("memberCount", memberCount));
                start = i;
            }
        }
        vertx.eventBus().publish(ROOM_CHANGES, new JsonObject().put("type", RoomViews.UPDATED)
            .put("room", new JsonObject().put("id", roomId).put("memberCount", memberCount)));
    }
}
