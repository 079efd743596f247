package com.gifchat.store;

import com.gifchat.bus.Failure;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Who is connected to which room. Each room document holds its members, each member the connections it has open.
 * Every change is one conditional update of that document, which MongoDB applies atomically, so capacity holds
 * however many connections, verticles or nodes race for the last place.
 */
final class Presence {

    private static final JsonObject MEMBER_COUNT = new JsonObject().put("memberCount", 1);

    private final MongoClient mongo;

    Presence(MongoClient mongo) {
        this.mongo = mongo;
    }

    /** Adds a connection; replies {joined: true} when it makes its person a new member of the room. */
    Future<JsonObject> add(JsonObject request) {
        return addConnectionOfMember(request)
            .compose(added -> added != null ? membership(false, added) : admitNewMember(request));
    }

    private Future<JsonObject> admitNewMember(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), new JsonObject().put("capacity", 1).put("bans", 1))
            .compose(room -> {
                if (room == null) {
                    return StoreVerticle.noSuchRoom();
                }
                if (isBanned(room, user.getString("id"), request.getLong("at"))) {
                    return Failure.REMOVED.future("An administrator removed you from this room. Try again later.");
                }
                JsonObject placeLeft = new JsonObject()
                    .put("_id", roomId)
                    .put("memberCount", new JsonObject().put("$lt", room.getInteger("capacity")))
                    .put("members.id", new JsonObject().put("$ne", user.getString("id")));
                JsonObject member = new JsonObject()
                    .put("id", user.getString("id"))
                    .put("colour", user.getString("colour"))
                    .put("joinedAt", request.getLong("at"))
                    .put("conns", new JsonArray().add(connection(request)));
                JsonObject admit = new JsonObject()
                    .put("$push", new JsonObject().put("members", member))
                    .put("$inc", new JsonObject().put("memberCount", 1))
                    .put("$unset", new JsonObject().put("emptySince", ""));
                return mongo.findOneAndUpdateWithOptions(ROOMS, placeLeft, admit, StoreVerticle.fields(MEMBER_COUNT), StoreVerticle.returningNew());
            })
            .compose(admitted -> admitted != null ? membership(true, admitted)
                // another connection of the same person may have made it a member meanwhile
                : addConnectionOfMember(request).compose(added -> added != null ? membership(false, added)
                    : Failure.ROOM_FULL.future("room is full")));
    }

    private Future<JsonObject> addConnectionOfMember(JsonObject request) {
        JsonObject ofMember = new JsonObject()
            .put("_id", request.getString("roomId"))
            .put("members.id", request.getJsonObject("user").getString("id"));
        JsonObject push = new JsonObject().put("$push", new JsonObject().put("members.$.conns", connection(request)));
        return mongo.findOneAndUpdateWithOptions(ROOMS, ofMember, push, StoreVerticle.fields(MEMBER_COUNT), StoreVerticle.returningNew());
    }

    /** Removes a connection; replies {left: true} when it was its person's last one in the room. */
    Future<JsonObject> remove(JsonObject request) {
        String roomId = request.getString("roomId");
        String userId = request.getString("userId");
        JsonObject pullConnection = new JsonObject().put("$pull", new JsonObject()
            .put("members.$.conns", new JsonObject().put("id", request.getString("conn"))));
        JsonObject memberWithoutConnections = new JsonObject()
            .put("_id", roomId)
            .put("members", new JsonObject().put("$elemMatch", new JsonObject()
                .put("id", userId)
                .put("conns", new JsonObject().put("$size", 0))));
        JsonObject dropMember = new JsonObject()
            .put("$pull", new JsonObject().put("members", new JsonObject().put("id", userId)))
            .put("$inc", new JsonObject().put("memberCount", -1));
        return mongo.updateCollection(ROOMS, new JsonObject().put("_id", roomId).put("members.id", userId), pullConnection)
            .compose(v -> mongo.findOneAndUpdateWithOptions(ROOMS, memberWithoutConnections, dropMember,
                StoreVerticle.fields(MEMBER_COUNT), StoreVerticle.returningNew()))
            .compose(dropped -> dropped == null ? Future.succeededFuture(new JsonObject().put("left", false))
                : markEmptySince(roomId, dropped, request.getLong("at"))
                    .map(v -> new JsonObject().put("left", true).put("memberCount", dropped.getInteger("memberCount"))));
    }

    private Future<Void> markEmptySince(String roomId, JsonObject room, long at) {
        if (room.getInteger("memberCount") > 0) {
            return Future.succeededFuture();
        }
        JsonObject stillEmpty = new JsonObject().put("_id", roomId).put("memberCount", 0);
        return mongo.updateCollection(ROOMS, stillEmpty, new JsonObject().put("$set", new JsonObject().put("emptySince", at)))
            .mapEmpty();
    }

    private static boolean isBanned(JsonObject room, String userId, long now) {
        JsonArray bans = room.getJsonArray("bans");
        return bans != null && bans.stream().map(JsonObject.class::cast)
            .anyMatch(ban -> userId.equals(ban.getString("id")) && ban.getLong("until") > now);
    }

    /**
     * Takes a person out of a room with all their connections, and keeps them out until {@code until}. Replies with
     * whether they were there, their colour and the new member count.
     */
    Future<JsonObject> kick(JsonObject request) {
        String roomId = request.getString("roomId");
        String userId = request.getString("userId");
        JsonObject ban = new JsonObject().put("id", userId).put("until", request.getLong("until"));
        JsonObject member = new JsonObject().put("_id", roomId).put("members.id", userId);
        JsonObject remove = new JsonObject()
            .put("$pull", new JsonObject().put("members", new JsonObject().put("id", userId)))
            .put("$inc", new JsonObject().put("memberCount", -1));
        return mongo.findOneAndUpdateWithOptions(ROOMS, member, remove, StoreVerticle.fields(new JsonObject()), new UpdateOptions())
            .compose(before -> mongo.updateCollection(ROOMS, new JsonObject().put("_id", roomId),
                    new JsonObject().put("$pull", new JsonObject().put("bans", new JsonObject().put("id", userId))))
                .compose(v -> mongo.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId),
                    new JsonObject().put("$push", new JsonObject().put("bans", ban)), StoreVerticle.fields(MEMBER_COUNT), StoreVerticle.returningNew()))
                .compose(after -> {
                    if (after == null) {
                        return StoreVerticle.noSuchRoom();
                    }
                    JsonObject reply = new JsonObject().put("kicked", before != null).put("memberCount", after.getInteger("memberCount"));
                    if (before != null) {
                        before.getJsonArray("members").stream().map(JsonObject.class::cast)
                            .filter(m -> userId.equals(m.getString("id"))).findFirst()
                            .ifPresent(m -> reply.put("colour", m.getString("colour")));
                    }
                    return markEmptySince(roomId, after, request.getLong("at")).map(reply);
                }));
    }

    private static JsonObject connection(JsonObject request) {
        return new JsonObject().put("id", request.getString("conn")).put("node", request.getString("node"));
    }

    private static Future<JsonObject> membership(boolean joined, JsonObject room) {
        return Future.succeededFuture(new JsonObject().put("joined", joined).put("memberCount", room.getInteger("memberCount")));
    }
}
