package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /** {@code bookkeeping} reserves numbers: the insert that follows is journaled, and with it the reservation. */
    Messages(MongoClient mongo, MongoClient bookkeeping, ImageFiles images) {
        this.mongo = mongo;
        this.bookkeeping = bookkeeping;
        this.images = images;
    }

    /**
     * Numbers a batch of messages of one room (one update reserves the numbers) and stores them with one insert, so
     * one commit; replies with the stored messages, in order, once they are durable.
     */
    Future<JsonObject> append(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonArray batch = request.getJsonArray("messages");
        long lastAt = batch.getJsonObject(batch.size() - 1).getLong("at");
        JsonObject reserve = new JsonObject()
            .put("$inc", new JsonObject().put("seq", batch.size()))
            .put("$set", new JsonObject().put("lastActivity", lastAt));
        return bookkeeping.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId), reserve,
                StoreVerticle.fields(new JsonObject().put("seq", 1)), StoreVerticle.returningNew())
            .compose(room -> {
                if (room == null) {
                    return StoreVerticle.noSuchRoom();
                }
                long first = room.getLong("seq") - batch.size() + 1;
                List<JsonObject> documents = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    documents.add(document(roomId, first + i, batch.getJsonObject(i)));
                }
                return mongo.bulkWrite(MESSAGES, documents.stream().map(BulkOperation::createInsert).toList())
                    .map(done -> new JsonObject().put("messages", new JsonArray(documents.stream()
                        .map(document -> (Object) StoreVerticle.withId(document)).toList())));
            });
    }

    private static JsonObject document(String roomId, long seq, JsonObject message) {
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

    /** Removes one message, and its image if it has one; replies {deleted: boolean}. */
    Future<JsonObject> delete(JsonObject request) {
        JsonObject byId = new JsonObject().put("_id", request.getString("messageId")).put("roomId", request.getString("roomId"));
        return mongo.findOne(MESSAGES, byId, new JsonObject().put("gif", 1))
            .compose(message -> message == null ? Future.succeededFuture(false)
                : mongo.removeDocument(MESSAGES, byId).compose(v -> deleteImageOf(message)).map(true))
            .map(deleted -> new JsonObject().put("deleted", deleted));
    }

    /** Removes the messages stored before {@code before}, in one room or all, with their images; replies {deleted: n}. */
    Future<JsonObject> purge(JsonObject request) {
        JsonObject old = new JsonObject().put("at", new JsonObject().put("$lt", request.getLong("before")));
        String roomId = request.getString("roomId");
        if (roomId != null) {
            old.put("roomId", roomId);
        }
        return mongo.findWithOptions(MESSAGES, old, StoreVerticle.fields(new JsonObject().put("gif", 1)))
            .compose(found -> Future.all(found.stream().map(this::deleteImageOf).toList()).map(found.size()))
            .compose(count -> mongo.removeDocuments(MESSAGES, old).map(removed -> new JsonObject().put("deleted", removed.getRemovedCount())));
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
                return new JsonObject().put("messages", new JsonArray(found.stream().map(StoreVerticle::withId).toList()));
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
                : mongo.find(MESSAGES, idsBetween(roomId, after + 1, to));
            return found.map(messages -> {
                messages.sort(Comparator.comparingLong(message -> message.getLong("seq")));
                return new JsonObject()
                    .put("messages", new JsonArray(messages.stream().map(StoreVerticle::withId).toList()))
                    .put("hasMore", to < last)
                    .put("lastSeq", last);
            });
        });
    }

    private Future<Long> lastSeq(String roomId) {
        return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), new JsonObject().put("seq", 1))
            .map(room -> room == null ? 0L : room.getLong("seq"));
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
        return mongo.find(MESSAGES, idsBetween(roomId, from, until - 1)).compose(window -> {
            found.addAll(window);
            return newestBefore(roomId, from, wanted - window.size(), found, windows - 1);
        });
    }

    /** Removes the messages of a room numbered up to {@code lastSeq}, newest first, a batch per command. */
    Future<Void> removeAll(String roomId, long lastSeq) {
        if (lastSeq < 1) {
            return Future.succeededFuture();
        }
        long from = Math.max(1, lastSeq - REMOVAL_BATCH + 1);
        return mongo.removeDocuments(MESSAGES, idsBetween(roomId, from, lastSeq))
            .compose(removed -> removeAll(roomId, from - 1));
    }

    private static String messageId(String roomId, long seq) {
        return roomId + "-" + seq;
    }

    /** A query for the messages of a room numbered {@code from} to {@code to}, both included. */
    private static JsonObject idsBetween(String roomId, long from, long to) {
        JsonArray ids = new JsonArray();
        for (long seq = from; seq <= to; seq++) {
            ids.add(messageId(roomId, seq));
        }
        return new JsonObject().put("_id", new JsonObject().put("$in", ids));
    }
}
