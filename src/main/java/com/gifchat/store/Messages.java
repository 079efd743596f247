package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Chat messages. Each room numbers its messages 1, 2, 3…; that number orders history and pages it. A message's id is
 * {@code <roomId>-<seq>}, so history is read and removed by id ranges: the _id index serves those on every store,
 * where the embedded one would scan the whole collection for a query by room and number. A message document:
 * {@code _id}, {@code roomId}, {@code seq}, {@code type}, {@code text}, {@code userId}, {@code colour}, {@code at},
 * and {@code gif} for images.
 */
final class Messages {

    /**
     * How many messages one command removes when a room goes, so that other rooms' writes get their turn between.
     * The embedded store's cost per command grows faster than the batch (each document found is matched against the
     * whole id list), so small batches keep a long history's removal from stalling the rooms still in use.
     */
    private static final int REMOVAL_BATCH = 100;
    /** Id ranges tried for one page before asking by room and number; more only when many messages were removed. */
    private static final int PAGE_WINDOWS = 3;

    private final MongoClient mongo;
    private final MongoClient bookkeeping;
    private final ImageFiles images;
    private final RoomNumbers numbers;

    /** {@code bookkeeping} raises rooms' records: the removal that follows is journaled, and with it the record. */
    Messages(MongoClient mongo, MongoClient bookkeeping, ImageFiles images, RoomNumbers numbers) {
        this.mongo = mongo;
        this.bookkeeping = bookkeeping;
        this.images = images;
        this.numbers = numbers;
    }

    /** A message as stored: numbered {@code seq} in its room. */
    static JsonObject document(String roomId, long seq, JsonObject message) {
        JsonObject user = message.getJsonObject("user");
        JsonObject document = new JsonObject()
            .put("_id", messageId(roomId, seq))
            .put("roomId", roomId)
            .put("seq", seq)
            .put("type", message.getString("type"))
            .put("text", message.getString("text"))
            .put("userId", user.getString("id"))
            .put("colour", user.getString("colour"))
            .put("at", message.getLong("at"));
        String clientId = message.getString("clientId");
        if (clientId != null) {
            document.put("cid", clientId);
        }
        JsonObject gif = message.getJsonObject("gif");
        return gif == null ? document : document.put("gif", gif);
    }

    /**
     * Removes one message, and its image if it has one; replies {deleted: boolean}. The room's record is raised to the
     * message's number first, so that the number is never given again, even when the message was the room's last.
     */
    Future<JsonObject> delete(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject byId = new JsonObject().put("_id", request.getString("messageId")).put("roomId", roomId);
        return mongo.findOne(MESSAGES, byId, new JsonObject().put("gif", 1).put("seq", 1))
            .compose(message -> message == null ? Future.succeededFuture(false)
                : keepNumbersTaken(Map.of(roomId, message.getLong("seq")))
                    .compose(v -> mongo.removeDocument(MESSAGES, byId))
                    .compose(v -> deleteImageOf(message))
                    .map(true))
            .map(deleted -> new JsonObject().put("deleted", deleted));
    }

    /** Removes the messages stored before {@code before}, in one room or all, with their images; replies {deleted: n}. */
    Future<JsonObject> purge(JsonObject request) {
        JsonObject old = new JsonObject().put("at", new JsonObject().put("$lt", request.getLong("before")));
        String roomId = request.getString("roomId");
        if (roomId != null) {
            old.put("roomId", roomId);
        }
        JsonObject fields = new JsonObject().put("gif", 1).put("roomId", 1).put("seq", 1);
        return mongo.findWithOptions(MESSAGES, old, Documents.fields(fields))
            .compose(found -> {
                Map<String, Long> highest = new HashMap<>();
                found.forEach(message -> highest.merge(message.getString("roomId"), message.getLong("seq"), Math::max));
                return keepNumbersTaken(highest).map(found);
            })
            .compose(found -> Future.all(found.stream().map(this::deleteImageOf).toList()).map(found.size()))
            .compose(count -> mongo.removeDocuments(MESSAGES, old).map(removed -> new JsonObject().put("deleted", removed.getRemovedCount())));
    }

    /**
     * Raises each room's record to at least the number given, before messages up to it are removed: a room's next
     * number is read from its record and the messages above it ({@link RoomNumbers}), and a removed message must not
     * make its number look free.
     */
    private Future<Void> keepNumbersTaken(Map<String, Long> highest) {
        if (highest.isEmpty()) {
            return Future.succeededFuture();
        }
        List<BulkOperation> raises = new ArrayList<>();
        highest.forEach((room, seq) -> raises.add(BulkOperation.createUpdate(new JsonObject().put("_id", room),
            new JsonObject().put("$max", new JsonObject().put("seq", seq)))));
        return bookkeeping.bulkWriteWithOptions(ROOMS, raises, new BulkWriteOptions(false)).mapEmpty();
    }

    private Future<Void> deleteImageOf(JsonObject message) {
        JsonObject gif = message.getJsonObject("gif");
        return gif == null ? Future.succeededFuture() : images.delete(new JsonObject().put("fileId", gif.getString("id"))).mapEmpty();
    }

    /**
     * Up to {@code limit} messages before number {@code before} (the newest when absent), oldest first; or, with
     * {@code after}, the first {@code limit} messages numbered above it and whether more follow ({@code hasMore}).
     */
    Future<JsonObject> page(JsonObject request) {
        String roomId = request.getString("roomId");
        if (request.getLong("after") != null) {
            return pageAfter(roomId, request.getLong("after"), request.getInteger("limit"));
        }
        Long before = request.getLong("before");
        Future<Long> until = before != null ? Future.succeededFuture(before) : lastSeq(roomId).map(last -> last + 1);
        return until
            .compose(end -> newestBefore(roomId, end, request.getInteger("limit"), new ArrayList<>(), PAGE_WINDOWS))
            .map(found -> {
                found.sort(Comparator.comparingLong(message -> message.getLong("seq")));
                return new JsonObject().put("messages", new JsonArray(found.stream().map(Documents::withId).toList()));
            });
    }

    /**
     * What a page that reconnects missed: the numbers above {@code after}, by id. A number without a message was
     * removed, or is still being stored and will arrive live.
     */
    private Future<JsonObject> pageAfter(String roomId, long after, int limit) {
        return lastSeq(roomId).compose(last -> {
            long to = Math.min(last, after + limit);
            Future<List<JsonObject>> found = to <= after ? Future.succeededFuture(new ArrayList<>())
                : mongo.find(MESSAGES, messagesBetween(roomId, after + 1, to));
            return found.map(messages -> {
                messages.sort(Comparator.comparingLong(message -> message.getLong("seq")));
                return new JsonObject()
                    .put("messages", new JsonArray(messages.stream().map(Documents::withId).toList()))
                    .put("hasMore", to < last)
                    .put("lastSeq", last);
            });
        });
    }

    /** The room's last number: its record's, or above it where the record lags its messages ({@link RoomNumbers}). */
    private Future<Long> lastSeq(String roomId) {
        return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), new JsonObject().put("seq", 1))
            .compose(room -> room == null ? Future.succeededFuture(0L) : lastStored(roomId, room.getLong("seq")));
    }

    /** The last number stored in a room whose record says {@code recorded}. */
    Future<Long> lastStored(String roomId, long recorded) {
        return numbers.lastStored(roomId, recorded);
    }

    /**
     * Adds to {@code found} the {@code wanted} newest messages numbered below {@code until}: the numbers just below by
     * id, then, where some were missing (removed, or still being stored), the numbers below those. After
     * {@code windows} such ranges it asks by room and number instead.
     */
    private Future<List<JsonObject>> newestBefore(String roomId, long until, int wanted, List<JsonObject> found, int windows) {
        if (wanted <= 0 || until <= 1) {
            return Future.succeededFuture(found);
        }
        if (windows == 0) {
            JsonObject query = new JsonObject().put("roomId", roomId).put("seq", new JsonObject().put("$lt", until));
            FindOptions newestFirst = new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(wanted);
            return mongo.findWithOptions(MESSAGES, query, newestFirst).map(more -> {
                found.addAll(more);
                return found;
            });
        }
        long from = Math.max(1, until - wanted);
        return mongo.find(MESSAGES, messagesBetween(roomId, from, until - 1)).compose(window -> {
            found.addAll(window);
            return newestBefore(roomId, from, wanted - window.size(), found, windows - 1);
        });
    }

    /**
     * Removes the messages of a room numbered up to {@code lastSeq}, newest first, a batch per command; and those
     * above it, a window at a time until one finds none: a batch stored while the room went.
     */
    Future<Void> removeAll(String roomId, long lastSeq) {
        return removeAbove(roomId, lastSeq).compose(v -> removeUpTo(roomId, lastSeq));
    }

    /** Removes the messages of a room numbered up to {@code lastSeq}, newest first, a batch per command. */
    Future<Void> removeUpTo(String roomId, long lastSeq) {
        if (lastSeq < 1) {
            return Future.succeededFuture();
        }
        long from = Math.max(1, lastSeq - REMOVAL_BATCH + 1);
        return mongo.removeDocuments(MESSAGES, idsBetween(roomId, from, lastSeq))
            .compose(removed -> removeUpTo(roomId, from - 1));
    }

    private Future<Void> removeAbove(String roomId, long seq) {
        return mongo.removeDocuments(MESSAGES, idsBetween(roomId, seq + 1, seq + REMOVAL_BATCH))
            .compose(removed -> removed == null || removed.getRemovedCount() == 0 ? Future.succeededFuture()
                : removeAbove(roomId, seq + REMOVAL_BATCH));
    }

    static String messageId(String roomId, long seq) {
        return roomId + "-" + seq;
    }

    /** As {@link #idsBetween}, without the room's fence once it was removed ({@link Rooms}): what readers want. */
    private static JsonObject messagesBetween(String roomId, long from, long to) {
        return idsBetween(roomId, from, to).put("roomId", roomId);
    }

    /** A query for the ids of a room numbered {@code from} to {@code to}, both included, its fence among them. */
    private static JsonObject idsBetween(String roomId, long from, long to) {
        JsonArray ids = new JsonArray();
        for (long seq = from; seq <= to; seq++) {
            ids.add(messageId(roomId, seq));
        }
        return new JsonObject().put("_id", new JsonObject().put("$in", ids));
    }
}
