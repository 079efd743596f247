package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

import static com.gifchat.bus.Addresses.*;

/**
 * Slow mode: in a room that has it, a person may send one message every N seconds. The room's setting is cached on
 * this node for {@link #SETTING_TTL_MS} and replaced at once when an administrator changes it (every node hears the
 * change). When each person last sent is kept per node, for at most {@code maxSenders} person-room pairs (the
 * longest-quiet one is forgotten first): a person whose tabs reach two nodes could send once on each, which is
 * still slow.
 */
final class SlowMode {

    /** How long a room's setting is trusted without a change being heard; a change on another node is heard at once. */
    static final long SETTING_TTL_MS = 5_000;

    private record Setting(int seconds, long readAt) {
    }

    private final EventBus bus;
    private final Map<String, Setting> settings;
    private final Map<String, Long> lastSends;
    private final Map<String, Future<Integer>> reading = new java.util.HashMap<>();

    SlowMode(EventBus bus, int maxSenders) {
        this.bus = bus;
        this.settings = bounded(maxSenders);
        this.lastSends = bounded(maxSenders);
    }

    private static <V> Map<String, V> bounded(int most) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > most;
            }
        };
    }

    /** Lets this message through and notes when, or fails RATE_LIMITED with how long to wait. */
    Future<Void> admit(String roomId, String userId) {
        return seconds(roomId).compose(seconds -> {
            if (seconds <= 0) {
                return Future.succeededFuture();
            }
            long now = System.currentTimeMillis();
            String key = roomId + "/" + userId;
            Long last = lastSends.get(key);
            long window = seconds * 1000L;
            if (last != null && now - last < window) {
                long wait = (last + window - now + 999) / 1000;
                return Failure.RATE_LIMITED.future("This room is in slow mode: one message every " + seconds
                    + " s; try again in " + wait + " s.");
            }
            // removed first, so that the map's order is the order of last sends and the eldest is the quietest
            lastSends.remove(key);
            lastSends.put(key, now);
            return Future.succeededFuture();
        });
    }

    /**
     * {roomId, seconds}: stores the room's setting, then tells every node's rooms verticle (which replaces its cached
     * one) and the people in the room.
     */
    Future<JsonObject> set(JsonObject request) {
        String roomId = request.getString("roomId");
        int seconds = request.getInteger("seconds");
        return Bus.requestLocally(bus, STORE_ROOM_SLOWMODE, new JsonObject().put("roomId", roomId).put("seconds", seconds))
            .onSuccess(reply -> {
                bus.publish(ROOMS_SLOWMODE_CHANGED, new JsonObject().put("roomId", roomId).put("seconds", seconds));
                bus.publish(room(roomId), RoomViews.announcement(roomId, seconds == 0 ? "Slow mode is off."
                    : "Slow mode is on: one message every " + seconds + " s.", System.currentTimeMillis()));
            });
    }

    /** An administrator changed a room's slow mode ({roomId, seconds}). */
    void changed(JsonObject event) {
        settings.put(event.getString("roomId"), new Setting(event.getInteger("seconds", 0), System.currentTimeMillis()));
    }

    private Future<Integer> seconds(String roomId) {
        Setting known = settings.get(roomId);
        long now = System.currentTimeMillis();
        if (known != null && now - known.readAt() < SETTING_TTL_MS) {
            return Future.succeededFuture(known.seconds());
        }
        // one read per room at a time: messages arriving meanwhile wait on the same answer, in the order they came,
        // so that none overtakes another that is still waiting
        return reading.computeIfAbsent(roomId, id -> Bus.requestLocally(bus, STORE_ROOM_FIND, new JsonObject().put("id", id))
            .map(found -> {
                int seconds = found.getJsonObject("room").getInteger("slowModeSeconds", 0);
                settings.put(id, new Setting(seconds, now));
                return seconds;
            })
            .andThen(done -> reading.remove(id)));
    }
}
