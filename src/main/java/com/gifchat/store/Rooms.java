package com.gifchat.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.MEMBERS;
import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.REMOVALS;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Room documents: creation, look-up, listing and removal (with their members, messages and images). A removal is
 * recorded in {@code removals} before the room goes and forgotten once everything of it is gone, so that a crash
 * midway leaves a record the reaper finishes from instead of messages and files that nothing refers to.
 */
final class Rooms {

    private final MongoClient mongo;
    private final ImageFiles images;
    private final Presence presence;
    private final Messages messages;

    Rooms(MongoClient mongo, ImageFiles images, Presence presence, Messages messages) {
        this.mongo = mongo;
        this.images = images;
        this.presence = presence;
        this.messages = messages;
    }

    Future<JsonObject> insert(JsonObject room) {
        long createdAt = room.getLong("createdAt");
        JsonObject document = new JsonObject()
            .put("_id", room.getString("id"))
            .put("title", room.getString("title"))
            .put("capacity", room.getInteger("capacity"))
            .put("passwordHash", room.getString("passwordHash"))
            .put("owner", room.getJsonObject("owner"))
            .put("createdAt", createdAt)
            .put("lastActivity", createdAt)
            // a room nobody has entered yet is as removable as one everybody left
            .put("emptySince", createdAt)
            .put("memberCount", 0)
            .put("seq", 0L);
        return mongo.insert(ROOMS, document).map(id -> new JsonObject().put("room", StoreVerticle.withId(document)));
    }

    /** The room; with {@code memberId}, also whether that person is in it now ({@code member}). */
    Future<JsonObject> find(JsonObject request) {
        String id = request.getString("id");
        String memberId = request.getString("memberId");
        return mongo.findOne(ROOMS, byId(id), null).compose(room -> {
            if (room == null) {
                return StoreVerticle.noSuchRoom();
            }
            JsonObject found = new JsonObject().put("room", StoreVerticle.withId(room));
            return memberId == null ? Future.succeededFuture(found) : presence.isMember(id, memberId).map(member -> found.put("member", member));
        });
    }

    Future<JsonObject> list(JsonObject request) {
        FindOptions newestFirst = new FindOptions().setSort(new JsonObject().put("createdAt", -1));
        return mongo.findWithOptions(ROOMS, new JsonObject(), newestFirst)
            .map(rooms -> new JsonObject().put("rooms", StoreVerticle.withIds(rooms)));
    }

    Future<JsonObject> delete(JsonObject request) {
        String id = request.getString("id");
        return remove(byId(id), id)
            .map(deleted -> new JsonObject().put("deleted", deleted));
    }

    /**
     * Finishes the removals a crash cut short, then removes every room that has been empty since before
     * {@code emptyBefore}; replies with the ids of the rooms removed now.
     */
    Future<JsonObject> reap(JsonObject request) {
        long emptyBefore = request.getLong("emptyBefore");
        JsonObject stillEmpty = new JsonObject()
            .put("memberCount", 0)
            .put("emptySince", new JsonObject().put("$lt", emptyBefore));
        return finishInterruptedRemovals(emptyBefore)
            .compose(v -> mongo.findWithOptions(ROOMS, stillEmpty, StoreVerticle.fields(new JsonObject().put("_id", 1))))
            .compose(candidates -> Future.all(candidates.stream()
                .map(room -> room.getString("_id"))
                // the condition is repeated so that a person who entered meanwhile keeps the room
                .map(id -> remove(stillEmpty.copy().put("_id", id), id).map(removed -> removed ? id : null))
                .toList()))
            .map(all -> new JsonObject().put("removed", new JsonArray(
                all.<String>list().stream().filter(id -> id != null).toList())));
    }

    /**
     * Removes the room {@code roomQuery} finds, then its members, messages and images. Inserting the record first
     * also claims the removal: another node removing the same room at the same time finds the record and leaves it.
     */
    private Future<Boolean> remove(JsonObject roomQuery, String roomId) {
        JsonObject record = byId(roomId).put("startedAt", System.currentTimeMillis());
        return mongo.insert(REMOVALS, record)
            .compose(claimed -> mongo.findOneAndDelete(ROOMS, roomQuery)
                .compose(room -> room == null
                    ? forgetRemoval(roomId).map(false)
                    : messages.removeAll(roomId, room.getLong("seq")).compose(v -> removeTheRest(roomId)).map(true)),
                error -> isDuplicateKey(error) ? Future.succeededFuture(false) : Future.failedFuture(error));
    }

    /**
     * A removal still recorded after {@code startedBefore} was cut short. If its room is still there, the crash came
     * before the room went, and the room stays; otherwise what is left of it goes now.
     */
    private Future<Void> finishInterruptedRemovals(long startedBefore) {
        JsonObject interrupted = new JsonObject().put("startedAt", new JsonObject().put("$lt", startedBefore));
        return mongo.find(REMOVALS, interrupted)
            .compose(records -> Future.all(records.stream().map(record -> finishRemoval(record.getString("_id"))).toList()))
            .mapEmpty();
    }

    private Future<Void> finishRemoval(String roomId) {
        // the room's last number went with it, so its messages are found by room instead of by id
        return mongo.count(ROOMS, byId(roomId)).compose(left -> left > 0
            ? forgetRemoval(roomId)
            : mongo.removeDocuments(MESSAGES, new JsonObject().put("roomId", roomId)).compose(v -> removeTheRest(roomId)));
    }

    /** Members and images, once the messages are gone; then the removal is complete. */
    private Future<Void> removeTheRest(String roomId) {
        return mongo.removeDocuments(MEMBERS, new JsonObject().put("roomId", roomId))
            .compose(v -> images.deleteRoomFiles(roomId))
            .compose(v -> forgetRemoval(roomId));
    }

    private Future<Void> forgetRemoval(String roomId) {
        return mongo.removeDocument(REMOVALS, byId(roomId)).mapEmpty();
    }

    private static boolean isDuplicateKey(Throwable error) {
        return error instanceof MongoServerException server && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    private static JsonObject byId(String id) {
        return new JsonObject().put("_id", id);
    }
}
