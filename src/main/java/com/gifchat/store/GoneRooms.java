package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Rooms this node wrote in that went meanwhile without fencing off their next number ({@link Rooms}): a removal cut
 * short by a crash, a room document removed by hand, or a writer that still knew the room after the removal's second
 * look took the fence away. The records' flush finds that such a room has no record to raise ({@link RoomRecords});
 * what this node stored in it is then removed with its images and its number forgotten, so that the next message for
 * it is refused. It costs nothing while every room written has its record.
 */
final class GoneRooms {

    private final MongoClient bookkeeping;
    private final RoomNumbers numbers;
    private final Messages messages;
    private final ImageFiles images;

    /** {@code bookkeeping} reads the rooms; {@code messages} and {@code images} remove what a gone room left. */
    GoneRooms(MongoClient bookkeeping, RoomNumbers numbers, Messages messages, ImageFiles images) {
        this.bookkeeping = bookkeeping;
        this.numbers = numbers;
        this.messages = messages;
        this.images = images;
    }

    /**
     * Of the rooms written ({@code lastWritten}: each one's last number this node stored), those that no longer exist
     * lose what is left of their messages (by id, a batch per command, as a removal does) and images, one room after
     * the other, and this node forgets their numbers; completes with them.
     */
    Future<Set<String>> sweep(Map<String, Long> lastWritten) {
        JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(lastWritten.keySet()))));
        return bookkeeping.findWithOptions(ROOMS, query, Documents.fields(new JsonObject().put("_id", 1)))
            .compose(rooms -> {
                Set<String> gone = new HashSet<>(lastWritten.keySet());
                rooms.forEach(room -> gone.remove(room.getString("_id")));
                Future<Void> removed = Future.succeededFuture();
                for (String roomId : gone) {
                    numbers.forget(roomId);
                    removed = removed.compose(v -> messages.removeAll(roomId, lastWritten.get(roomId)))
                        .compose(v -> images.deleteRoomFiles(roomId));
                }
                return removed.map(gone);
            });
    }
}
