package com.gifchat.rooms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static com.gifchat.bus.Addresses.ROOM_CHANGES;
import static com.gifchat.bus.Addresses.ROOM_EVENTS;

/**
 * This node's live feed of the room list. Every node's rooms domain publishes each change, one by one, to
 * rooms.changes, which reaches every node; here they are gathered and go to this node's own list subscribers as one
 * rooms.events frame per interval, with the latest state of each room that changed. The first change after a quiet
 * interval goes out at once. Gathering on the receiving node, after the cluster, is what keeps it to one frame per
 * interval for each open list, however many nodes the changes came from: a frame per interval from each node would
 * multiply by the nodes.
 *
 * <p>A frame names at most {@code maxRooms} rooms, so that a flood of changes never makes a frame that would drop
 * the slow sockets it goes to (realtime.maxQueuedBytes); past that, the frame only asks the lists to fetch the list
 * again.
 */
final class RoomListFeed {

    static final String FRAME_TYPE = "changes";
    /** Delivered to this node's consumers only: every node sends its own subscribers their frame. */
    private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

    private final Vertx vertx;
    private final long intervalMs;
    private final int maxRooms;
    /** Rooms created in this interval, by id, in the order they came: each with its latest member count. */
    private final Map<String, JsonObject> created = new LinkedHashMap<>();
    /** Rooms created before this interval whose member count changed in it: id, latest count. */
    private final Map<String, Integer> updated = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private boolean tooMany;
    private boolean waiting;

    RoomListFeed(Vertx vertx, long intervalMs, int maxRooms) {
        this.vertx = vertx;
        this.intervalMs = intervalMs;
        this.maxRooms = maxRooms;
    }

    Future<Void> start() {
        return vertx.eventBus().<JsonObject>consumer(ROOM_CHANGES, message -> changed(message.body())).completion();
    }

    /** One change as the rooms domain publishes it: {type: created|updated|removed, room}. */
    private void changed(JsonObject change) {
        JsonObject room = change.getJsonObject("room");
        String id = room.getString("id");
        switch (change.getString("type")) {
            case RoomViews.CREATED -> {
                if (!removed.contains(id)) {
                    created.put(id, room.copy());
                }
            }
            case RoomViews.UPDATED -> {
                JsonObject fresh = created.get(id);
                if (fresh != null) {
                    fresh.put("memberCount", room.getInteger("memberCount"));
                } else if (!removed.contains(id)) {
                    updated.put(id, room.getInteger("memberCount"));
                }
            }
            case RoomViews.REMOVED -> {
                // a room created and removed within one interval is still named: a list may have fetched it meanwhile
                created.remove(id);
                updated.remove(id);
                removed.add(id);
            }
            default -> {
                return;
            }
        }
        tooMany = tooMany || created.size() + updated.size() + removed.size() > maxRooms;
        if (tooMany) {
            created.clear();
            updated.clear();
            removed.clear();
        }
        if (!waiting) {
            publish();
            holdFor(intervalMs);
        }
    }

    /** Holds changes for one interval; when it ends, what came meanwhile goes out and another interval begins. */
    private void holdFor(long ms) {
        waiting = true;
        vertx.setTimer(ms, id -> {
            waiting = false;
            if (tooMany || !created.isEmpty() || !updated.isEmpty() || !removed.isEmpty()) {
                publish();
                holdFor(intervalMs);
            }
        });
    }

    private void publish() {
        JsonObject frame = new JsonObject().put("type", FRAME_TYPE);
        if (tooMany) {
            frame.put("reload", true).put("created", new JsonArray()).put("updated", new JsonArray()).put("removed", new JsonArray());
        } else {
            JsonArray counts = new JsonArray();
            updated.forEach((id, count) -> counts.add(new JsonObject().put("id", id).put("memberCount", count)));
            frame.put("created", new JsonArray(created.values().stream().toList()))
                .put("updated", counts)
                .put("removed", new JsonArray(removed.stream().toList()));
        }
        created.clear();
        updated.clear();
        removed.clear();
        tooMany = false;
        vertx.eventBus().publish(ROOM_EVENTS, frame, THIS_NODE);
    }
}
