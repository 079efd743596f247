package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/** Room documents: creation, look-up, listing and removal (with their messages and images). */
final class Rooms {

    private final MongoClient mongo;
    private final ImageFiles images;

    Rooms(MongoClient mongo, ImageFiles images) {
        this.mongo = mongo;
        this.images = images;
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
            .put("members", new JsonArray())
            .put("seq", 0L);
        return mongo.insert(ROOMS, document).map(id -> new JsonObject().put("room", StoreVerticle.withId(document)));
    }

    Future<JsonObject> find(JsonObject request) {
        return mongo.findOne(ROOMS, byId(request.getString("id")), null)
            .compose(room -> room == null ? StoreVerticle.noSuchRoom()
                : Future.succeededFuture(new JsonObject().put("room", StoreVerticle.withId(room))));
    }

    Future<JsonObject> list(JsonObject request) {
        FindOptions newestFirst = StoreVerticle.fields(new JsonObject().put("members", 0))
            .setSort(new JsonObject().put("createdAt", -1));
        return mongo.findWithOptions(ROOMS, new JsonObject(), newestFirst)
            .map(rooms -> new JsonObject().put("rooms", StoreVerticle.withIds(rooms)));
    }

    Future<JsonObject> delete(JsonObject request) {
        String id = request.getString("id");
        return removeWithMessages(byId(id), id)
            .map(deleted -> new JsonObject().put("deleted", deleted));
    }

    /** Removes every room that has been empty since before {@code emptyBefore}; replies with their ids. */
    Future<JsonObject> reap(JsonObject request) {
        JsonObject stillEmpty = new JsonObject()
            .put("memberCount", 0)
            .put("emptySince", new JsonObject().put("$lt", request.getLong("emptyBefore")));
        return mongo.findWithOptions(ROOMS, stillEmpty, StoreVerticle.fields(new JsonObject().put("_id", 1)))
            .compose(candidates -> Future.all(candidates.stream()
                .map(room -> room.getString("_id"))
                // the condition is repeated so that a person who entered meanwhile keeps the room
                .map(id -> removeWithMessages(stillEmpty.copy().put("_id", id), id).map(removed -> removed ? id : null))
                .toList()))
            .map(all -> new JsonObject().put("removed", new JsonArray(
                all.<String>list().stream().filter(id -> id != null).toList())));
    }

    private Future<Boolean> removeWithMessages(JsonObject roomQuery, String roomId) {
        return mongo.removeDocument(ROOMS, roomQuery)
            .compose(result -> result.getRemovedCount() == 0 ? Future.succeededFuture(false)
                : mongo.removeDocuments(MESSAGES, new JsonObject().put("roomId", roomId))
                    .compose(v -> images.deleteRoomFiles(roomId))
                    .map(true));
    }

    private static JsonObject byId(String id) {
        return new JsonObject().put("_id", id);
    }
}
