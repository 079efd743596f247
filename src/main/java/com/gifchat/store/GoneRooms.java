package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * After a group of messages is stored ({@link MessageGroups}): a room removed while its messages were on their way
 * must not keep them, so the rooms are read once more and the messages of those gone are removed again; the others'
 * records move on.
 */
final class GoneRooms {

    private final MongoClient mongo;
    private final MongoClient bookkeeping;
    private final RoomNumbers numbers;
    private final RoomRecords records;

    /** {@code mongo} removes messages, {@code bookkeeping} reads the rooms. */
    GoneRooms(MongoClient mongo, MongoClient bookkeeping, RoomNumbers numbers, RoomRecords records) {
        this.mongo = mongo;
        this.bookkeeping = bookkeeping;
        this.numbers = numbers;
        this.records = records;
    }

    /**
     * Looks up whether the rooms of the messages just stored still exist, with one query; the messages of a room that
     * went meanwhile are removed again, and its batch refused. The records of the others are raised with the next
     * flush ({@link RoomRecords}). If the rooms cannot be read now, the messages are stored all the same.
     */
    Future<Set<String>> check(Map<String, List<JsonObject>> storedByRoom) {
        if (storedByRoom.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(storedByRoom.keySet()))));
        return bookkeeping.findWithOptions(ROOMS, query, Documents.fields(new JsonObject().put("_id", 1)))
            .map(rooms -> {
                Set<String> gone = new HashSet<>(storedByRoom.keySet());
                rooms.forEach(room -> gone.remove(room.getString("_id")));
                return gone;
            })
            .otherwise(Set.of())
            .compose(gone -> {
                JsonArray ids = new JsonArray();
                storedByRoom.forEach((roomId, stored) -> {
                    JsonObject last = stored.get(stored.size() - 1);
                    if (gone.contains(roomId)) {
                        numbers.forget(roomId);
                        records.forget(roomId);
                        stored.forEach(message -> ids.add(message.getString("_id")));
                    } else {
                        records.raise(roomId, last.getLong("seq"), last.getLong("at"));
                    }
                });
                return ids.isEmpty() ? Future.succeededFuture(gone)
                    : mongo.removeDocuments(MESSAGES, new JsonObject().put("_id", new JsonObject().put("$in", ids))).map(gone);
            });
    }
}
