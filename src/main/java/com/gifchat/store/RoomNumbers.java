package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * The last number stored in each room this node writes in, so that numbering a batch costs no command of its own.
 * A room's number is read once: its record's {@code seq}, then the ids just above it, since the record follows its
 * messages a second later ({@link RoomRecords}), without waiting for the journal, and a crash may leave it further
 * behind. The number is only a belief: another node writing in the room, or one a crash took back, shows as a
 * duplicate id on insert, and the room is read again ({@link #forget}).
 */
final class RoomNumbers {

    /** Rooms whose number is kept; the one written least recently is read again when next needed. */
    private static final int REMEMBERED_ROOMS = 10_000;
    /**
     * Ids first looked for above a number; the record trails its messages by about a second's (RoomRecords), two after
     * a crash. A window that finds some is followed by one twice as wide, up to {@link #MAX_PROBE}.
     */
    static final int PROBE = 16;
    private static final int MAX_PROBE = 1024;

    private final MongoClient mongo;
    private final Map<String, Long> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_ROOMS;
        }
    };

    RoomNumbers(MongoClient mongo) {
        this.mongo = mongo;
    }

    /** The last number this node believes stored in the room; null when it must be read first ({@link #load}). */
    Long last(String roomId) {
        return last.get(roomId);
    }

    void stored(String roomId, long seq) {
        last.put(roomId, seq);
    }

    void forget(String roomId) {
        last.remove(roomId);
    }

    /**
     * The last numbers of the rooms given that exist: those known from memory, and the others read with the same few
     * commands for all. A room missing from the answer does not exist.
     */
    Future<Map<String, Long>> load(Collection<String> roomIds) {
        Map<String, Long> numbers = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String roomId : new LinkedHashSet<>(roomIds)) {
            Long known = last.get(roomId);
            if (known != null) {
                numbers.put(roomId, known);
            } else {
                unknown.add(roomId);
            }
        }
        if (unknown.isEmpty()) {
            return Future.succeededFuture(numbers);
        }
        JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(unknown))));
        return mongo.findWithOptions(ROOMS, query, Documents.fields(new JsonObject().put("seq", 1)))
            .compose(rooms -> {
                Map<String, Long> recorded = new HashMap<>();
                rooms.forEach(room -> recorded.put(room.getString("_id"), room.getLong("seq", 0L)));
                return above(recorded);
            })
            .map(found -> {
                found.forEach(last::put);
                numbers.putAll(found);
                return numbers;
            });
    }

    /** The room's last stored number, at least {@code recorded}: what history and removal count up to. */
    Future<Long> lastStored(String roomId, long recorded) {
        return above(Map.of(roomId, recorded)).map(found -> found.get(roomId));
    }

    /**
     * For each room, its last stored number at or above the one given: the ids above are looked for {@link #PROBE}
     * at a time, for all rooms in one query, until a window finds none. A window with a hole in it (a message an
     * administrator removed) does not stop the search; removing a message first raises its room's record to its
     * number, so no hole lies above the record that a window could miss.
     */
    Future<Map<String, Long>> above(Map<String, Long> from) {
        return above(from, PROBE);
    }

    /** As {@link #above(Map)}, {@code window} ids at a time; twice as many after each window that found some. */
    private Future<Map<String, Long>> above(Map<String, Long> from, int window) {
        if (from.isEmpty()) {
            return Future.succeededFuture(new HashMap<>());
        }
        JsonArray ids = new JsonArray();
        from.forEach((roomId, seq) -> {
            for (long next = seq + 1; next <= seq + window; next++) {
                ids.add(Messages.messageId(roomId, next));
            }
        });
        JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", ids));
        JsonObject fields = new JsonObject().put("roomId", 1).put("seq", 1);
        return mongo.findWithOptions(MESSAGES, query, Documents.fields(fields)).compose(found -> {
            Map<String, Long> higher = new HashMap<>();
            for (JsonObject message : found) {
                // a removed room's fence (Rooms) has the id of a number and no room: no message
                if (message.getString("roomId") != null) {
                    higher.merge(message.getString("roomId"), message.getLong("seq"), Math::max);
                }
            }
            Map<String, Long> done = new HashMap<>(from);
            done.keySet().removeAll(higher.keySet());
            return above(higher, Math.min(2 * window, MAX_PROBE)).map(further -> {
                done.putAll(further);
                return done;
            });
        });
    }
}
