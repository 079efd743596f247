package com.gifchat.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The room list as a page builds it from rooms.events frames ({"type":"changes", created, updated, removed}, or
 * "reload"), and what one frame says about one room (docs/PROTOCOL.md).
 */
public final class RoomListView {

    private final Map<String, JsonObject> rooms = new LinkedHashMap<>();

    /** Applies one frame's body; false for a frame that asks for the list to be fetched again. */
    public boolean apply(JsonObject changes) {
        if (changes.getBoolean("reload", false)) {
            return false;
        }
        changes.getJsonArray("created").forEach(room -> rooms.put(((JsonObject) room).getString("id"), ((JsonObject) room).copy()));
        changes.getJsonArray("updated").forEach(update -> {
            JsonObject room = rooms.get(((JsonObject) update).getString("id"));
            if (room != null) {
                room.put("memberCount", ((JsonObject) update).getInteger("memberCount"));
            }
        });
        changes.getJsonArray("removed").forEach(rooms::remove);
        return true;
    }

    public Map<String, JsonObject> rooms() {
        return rooms;
    }

    /** The room as the frame creates it, if it does. */
    public static Optional<JsonObject> created(JsonObject changes, String roomId) {
        return find(changes.getJsonArray("created", new JsonArray()), roomId);
    }

    /** The member count the frame gives the room, whether it creates it or recounts it. */
    public static Optional<Integer> memberCount(JsonObject changes, String roomId) {
        return created(changes, roomId).or(() -> find(changes.getJsonArray("updated", new JsonArray()), roomId))
            .map(room -> room.getInteger("memberCount"));
    }

    public static boolean removes(JsonObject changes, String roomId) {
        return changes.getJsonArray("removed", new JsonArray()).contains(roomId);
    }

    /** How many rooms the frame names. */
    public static int size(JsonObject changes) {
        return changes.getJsonArray("created").size() + changes.getJsonArray("updated").size()
            + changes.getJsonArray("removed").size();
    }

    private static Optional<JsonObject> find(JsonArray rooms, String roomId) {
        return rooms.stream().map(JsonObject.class::cast).filter(room -> roomId.equals(room.getString("id"))).findFirst();
    }
}
