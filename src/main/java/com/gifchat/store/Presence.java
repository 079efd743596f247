package com.gifchat.store;

import com.gifchat.bus.BanText;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.MEMBERS;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Who is connected to which room. Each member of a room is a document of its own (id {@code <roomId>/<userId>}, which
 * is also where the person's id is kept) with the connections it has open; the room document only counts them. A new
 * member first takes a place with one conditional update of the room's count, which MongoDB applies atomically, so
 * capacity holds however many connections, verticles or nodes race for the last place. Every change touches small
 * documents only, so a join costs the same in a room of five as in a room of five thousand. A member document:
 * {@code _id}, {@code roomId}, {@code colour}, {@code joinedAt}, {@code address} (the client-address hash),
 * {@code conns: [{id, node}]}.
 */
final class Presence {

    private static final char ID_SEPARATOR = '/';
    private static final JsonObject MEMBER_COUNT = new JsonObject().put("memberCount", 1);

    private final MongoClient mongo;
    private final Bans bans;

    Presence(MongoClient mongo, Bans bans) {
        this.mongo = mongo;
        this.bans = bans;
    }

    static String memberId(String roomId, String userId) {
        return roomId + ID_SEPARATOR + userId;
    }

    /** The person's id in a stored member. */
    static String userId(JsonObject member) {
        String memberId = member.getString("_id");
        return memberId.substring(memberId.lastIndexOf(ID_SEPARATOR) + 1);
    }

    /**
     * Adds a connection; replies {joined: true} when it makes its person a new member of the room. A person or client
     * address banned from the chat gets REMOVED, whether or not already a member.
     */
    Future<JsonObject> add(JsonObject request) {
        return bans.activeBan(request.getJsonObject("user").getString("id"), request.getString("address"), request.getLong("at"))
            .compose(until -> until == null ? Future.succeededFuture() : Failure.REMOVED.future(BanText.until(until)))
            .compose(v -> addConnectionOfMember(request))
            .compose(added -> added ? membership(false, request.getString("roomId")) : admitNewMember(request));
    }

    private Future<JsonObject> admitNewMember(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), new JsonObject().put("capacity", 1).put("bans", 1))
            .compose(room -> {
                if (room == null) {
                    return Documents.noSuchRoom();
                }
                if (isBanned(room, user.getString("id"), request.getString("address"), request.getLong("at"))) {
                    return Failure.REMOVED.future("An administrator removed you from this room. Try again later.");
                }
                return placeFromAddress(request).map(room);
            })
            .compose(room -> {
                JsonObject placeLeft = new JsonObject()
                    .put("_id", roomId)
                    .put("memberCount", new JsonObject().put("$lt", room.getInteger("capacity")));
                JsonObject takePlace = new JsonObject()
                    .put("$inc", new JsonObject().put("memberCount", 1))
                    .put("$unset", new JsonObject().put("emptySince", ""));
                return mongo.findOneAndUpdateWithOptions(ROOMS, placeLeft, takePlace, Documents.fields(MEMBER_COUNT), Documents.returningNew());
            })
            .compose(placed -> placed == null
                // another connection of the same person may have made it a member meanwhile
                ? addConnectionOfMember(request).compose(added -> added ? membership(false, roomId) : Failure.ROOM_FULL.future("That room is full. Try again when someone leaves."))
                : insertMember(request, placed.getInteger("memberCount")));
    }

    /**
     * Places are for people: one client address (a script opening sockets, each a new anonymous person) may hold at
     * most {@code maxPerAddress} of a room's places. Counted over the room's members, so it holds on every node.
     */
    private Future<Void> placeFromAddress(JsonObject request) {
        String address = request.getString("address");
        int most = request.getInteger("maxPerAddress", 0);
        if (address == null || most <= 0) {
            return Future.succeededFuture();
        }
        JsonObject sameAddress = new JsonObject().put("roomId", request.getString("roomId")).put("address", address);
        return mongo.count(MEMBERS, sameAddress).compose(count -> count < most ? Future.succeededFuture()
            : Failure.ROOM_FULL.future("Too many people from your network are in this room already."));
    }

    /**
     * Records the member whose place was just taken. If another connection of the same person got there first, the
     * place goes back and this connection joins that member instead.
     */
    private Future<JsonObject> insertMember(JsonObject request, int memberCount) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        JsonObject member = new JsonObject()
            .put("_id", memberId(roomId, user.getString("id")))
            .put("roomId", roomId)
            .put("colour", user.getString("colour"))
            .put("joinedAt", request.getLong("at"))
            .put("address", request.getString("address"))
            .put("conns", new JsonArray().add(connection(request)));
        return mongo.insert(MEMBERS, member)
            .map(id -> new JsonObject().put("joined", true).put("memberCount", memberCount))
            .recover(error -> mongo.updateCollection(ROOMS, new JsonObject().put("_id", roomId),
                    new JsonObject().put("$inc", new JsonObject().put("memberCount", -1)))
                .compose(v -> addConnectionOfMember(request))
                .compose(added -> added ? membership(false, roomId) : Future.failedFuture(error)));
    }

    private Future<Boolean> addConnectionOfMember(JsonObject request) {
        JsonObject member = new JsonObject().put("_id", memberId(request.getString("roomId"), request.getJsonObject("user").getString("id")));
        JsonObject push = new JsonObject().put("$push", new JsonObject().put("conns", connection(request)));
        return mongo.updateCollection(MEMBERS, member, push).map(result -> result.getDocMatched() > 0);
    }

    /** Removes a connection; replies {left: true} when it was its person's last one in the room. */
    /** The room's members in the order they came, at most {@code limit} of them: only what everybody may see of them. */
    Future<JsonObject> list(JsonObject request) {
        FindOptions options = new FindOptions()
            .setFields(new JsonObject().put("colour", 1).put("joinedAt", 1))
            .setSort(new JsonObject().put("joinedAt", 1))
            .setLimit(request.getInteger("limit", 0));
        return mongo.findWithOptions(MEMBERS, new JsonObject().put("roomId", request.getString("roomId")), options)
            .map(members -> new JsonObject().put("people", new JsonArray(members.stream()
                .map(member -> new JsonObject().put("colour", member.getString("colour"))).toList())));
    }

    Future<JsonObject> remove(JsonObject request) {
        String roomId = request.getString("roomId");
        String key = memberId(roomId, request.getString("userId"));
        JsonObject pullConnection = new JsonObject().put("$pull", new JsonObject()
            .put("conns", new JsonObject().put("id", request.getString("conn"))));
        JsonObject withoutConnections = new JsonObject().put("_id", key).put("conns", new JsonObject().put("$size", 0));
        return mongo.updateCollection(MEMBERS, new JsonObject().put("_id", key), pullConnection)
            .compose(v -> mongo.removeDocument(MEMBERS, withoutConnections))
            .compose(removed -> removed.getRemovedCount() == 0 ? Future.succeededFuture(new JsonObject().put("left", false))
                : freePlace(roomId, request.getLong("at"))
                    .map(room -> new JsonObject().put("left", true).put("memberCount", room.getInteger("memberCount"))));
    }

    /** Gives a removed member's place back; notes when the room became empty, for the reaper. */
    private Future<JsonObject> freePlace(String roomId, long at) {
        JsonObject decrement = new JsonObject().put("$inc", new JsonObject().put("memberCount", -1));
        return mongo.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId), decrement,
                Documents.fields(MEMBER_COUNT), Documents.returningNew())
            .compose(room -> room == null ? Future.succeededFuture(new JsonObject().put("memberCount", 0))
                : markEmptySince(roomId, room, at).map(room));
    }

    private Future<Void> markEmptySince(String roomId, JsonObject room, long at) {
        if (room.getInteger("memberCount") > 0) {
            return Future.succeededFuture();
        }
        JsonObject stillEmpty = new JsonObject().put("_id", roomId).put("memberCount", 0);
        return mongo.updateCollection(ROOMS, stillEmpty, new JsonObject().put("$set", new JsonObject().put("emptySince", at)))
            .mapEmpty();
    }

    /** A kick's cool-down holds for the person, and when the kick said so, for their client address too. */
    private static boolean isBanned(JsonObject room, String userId, String address, long now) {
        JsonArray bans = room.getJsonArray("bans");
        return bans != null && bans.stream().map(JsonObject.class::cast)
            .anyMatch(ban -> ban.getLong("until") > now
                && (userId.equals(ban.getString("id")) || address != null && address.equals(ban.getString("address"))));
    }

    /**
     * Takes a person out of a room with all their connections, and keeps them out until {@code until}; with
     * {@code byAddress}, a fresh cookie from the client address they were in the room from is kept out as well. Replies
     * with whether they were there, their colour and the new member count.
     */
    Future<JsonObject> kick(JsonObject request) {
        String roomId = request.getString("roomId");
        String userId = request.getString("userId");
        JsonObject ban = new JsonObject().put("id", userId).put("until", request.getLong("until"));
        return mongo.findOneAndDelete(MEMBERS, new JsonObject().put("_id", memberId(roomId, userId)))
            .compose(removed -> mongo.updateCollection(ROOMS, new JsonObject().put("_id", roomId),
                    new JsonObject().put("$pull", new JsonObject().put("bans", new JsonObject().put("id", userId))))
                .compose(v -> mongo.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId),
                    banAndMaybeFree(withAddress(ban, request, removed), removed != null), Documents.fields(MEMBER_COUNT), Documents.returningNew()))
                .compose(after -> {
                    if (after == null) {
                        return Documents.noSuchRoom();
                    }
                    JsonObject reply = new JsonObject().put("kicked", removed != null).put("memberCount", after.getInteger("memberCount"));
                    if (removed != null) {
                        reply.put("colour", removed.getString("colour"));
                    }
                    return markEmptySince(roomId, after, request.getLong("at")).map(reply);
                }));
    }

    private static JsonObject withAddress(JsonObject ban, JsonObject request, JsonObject removed) {
        String address = removed == null ? null : removed.getString("address");
        return request.getBoolean("byAddress", false) && address != null ? ban.put("address", address) : ban;
    }

    private static JsonObject banAndMaybeFree(JsonObject ban, boolean wasMember) {
        JsonObject update = new JsonObject().put("$push", new JsonObject().put("bans", ban));
        return wasMember ? update.put("$inc", new JsonObject().put("memberCount", -1)) : update;
    }

    /** Whether the person is a member of the room now. */
    Future<Boolean> isMember(String roomId, String userId) {
        return mongo.count(MEMBERS, new JsonObject().put("_id", memberId(roomId, userId))).map(count -> count > 0);
    }

    private Future<JsonObject> membership(boolean joined, String roomId) {
        return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), MEMBER_COUNT)
            .map(room -> new JsonObject().put("joined", joined).put("memberCount", room == null ? 0 : room.getInteger("memberCount")));
    }

    private static JsonObject connection(JsonObject request) {
        return new JsonObject().put("id", request.getString("conn")).put("node", request.getString("node"));
    }
}
