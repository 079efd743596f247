package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.MEMBERS;
import static com.gifchat.store.StoreVerticle.ROOMS;

/** Room documents: creation, look-up, listing and removal (with their members, messages and images). */
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
        return mongo.findOneAndDelete(ROOMS, roomQuery)
            .compose(room -> room == null ? Future.succeededFuture(false)
                : mongo.removeDocuments(MEMBERS, new JsonObject().put("roomId", roomId))
                    .compose(v -> messages.removeAll(roomId, room.getLong("seq")))
                    .compose(v -> images.deleteRoomFiles(roomId))
                    .map(true));
    }

    private static JsonObject byId(String id) {
        return new JsonObject().put("_id", id);
    }
}
