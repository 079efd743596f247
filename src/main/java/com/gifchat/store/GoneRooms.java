package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Rooms this node wrote in that went meanwhile without fencing off their next number ({@link Rooms}): a removal cut
 * short by a crash, a room document removed by hand, or a writer that still knew the room after the removal's second
 * look took the fence away. The records' flush finds that such a room has no record to raise ({@link RoomRecords});
 * what this node stored in it is then removed and its number forgotten, so that the next message for it is refused.
 * It costs nothing while every room written has its record.
 */
final class GoneRooms {

    private final MongoClient mongo;
    private final MongoClient bookkeeping;
    private final RoomNumbers numbers;

    /** {@code mongo} removes messages, journaled; {@code bookkeeping} reads the rooms. */
    GoneRooms(MongoClient mongo, MongoClient bookkeeping, RoomNumbers numbers) {
        this.mongo = mongo;
        this.bookkeeping = bookkeeping;
        this.numbers = numbers;
    }

    /**
     * Of {@code written}, the rooms that no longer exist lose what is left of their messages, and this node forgets
     * their numbers; completes with them.
     */
    Future<Set<String>> sweep(Set<String> written) {
        JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(written))));
        return bookkeeping.findWithOptions(ROOMS, query, Documents.fields(new JsonObject().put("_id", 1)))
            .compose(rooms -> {
                Set<String> gone = new HashSet<>(written);
                rooms.forEach(room -> gone.remove(room.getString("_id")));
                if (gone.isEmpty()) {
                    return Future.succeededFuture(gone);
                }
                gone.forEach(numbers::forget);
                JsonObject ofGone = new JsonObject().put("roomId", new JsonObject().put("$in", new JsonArray(List.copyOf(gone))));
                return mongo.removeDocuments(MESSAGES, ofGone).map(gone);
            });
    }
}
