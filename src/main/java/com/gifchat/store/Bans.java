package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.gifchat.store.StoreVerticle.MEMBERS;

/**
 * Bans across the whole chat, one document each in {@code bans}: {@code _id} {@code person:<id>} or
 * {@code address:<hash>} (the client-address hash a member carries), {@code until}, {@code reason}, {@code since}. A
 * check is one look-up by primary key, so it needs no cache; an expired ban is ignored at once and removed when the
 * bans are next listed.
 */
final class Bans {

    static final String BANS = "bans";
    static final String PERSON = "person";
    static final String ADDRESS = "address";

    private final MongoClient mongo;

    Bans(MongoClient mongo) {
        this.mongo = mongo;
    }

    static String key(String kind, String value) {
        return kind + ":" + value;
    }

    /**
     * Records (or replaces) a ban; replies with it and the memberships it hits now, {roomId, userId} each, for the
     * rooms verticle to end.
     */
    Future<JsonObject> put(JsonObject request) {
        String kind = request.getString("kind");
        String value = request.getString("value");
        JsonObject ban = new JsonObject()
            .put("kind", kind)
            .put("value", value)
            .put("until", request.getLong("until"))
            .put("since", request.getLong("at"))
            .put("reason", request.getString("reason"));
        JsonObject byKey = new JsonObject().put("_id", key(kind, value));
        return mongo.replaceDocumentsWithOptions(BANS, byKey, ban.copy().put("_id", key(kind, value)), new UpdateOptions().setUpsert(true))
            .compose(v -> mongo.findWithOptions(MEMBERS, membersHit(kind, value), new FindOptions().setFields(new JsonObject().put("roomId", 1))))
            .map(members -> new JsonObject()
                .put("ban", view(ban.put("_id", key(kind, value))))
                .put("members", new JsonArray(members.stream()
                    .map(member -> (Object) new JsonObject().put("roomId", member.getString("roomId")).put("userId", Presence.userId(member)))
                    .toList())));
    }

    private static JsonObject membersHit(String kind, String value) {
        return PERSON.equals(kind)
            // a member's _id is <roomId>/<userId>
            ? new JsonObject().put("_id", new JsonObject().put("$regex", "/" + Pattern.quote(value) + "$"))
            : new JsonObject().put("address", value);
    }

    /** Lifts a ban; replies {removed: whether there was one}. */
    Future<JsonObject> remove(JsonObject request) {
        JsonObject byKey = new JsonObject().put("_id", key(request.getString("kind"), request.getString("value")));
        return mongo.removeDocument(BANS, byKey).map(result -> new JsonObject().put("removed", result.getRemovedCount() > 0));
    }

    /** The bans in force, soonest to end first; the expired ones are removed on the way. */
    Future<JsonObject> list(JsonObject request) {
        long at = request.getLong("at");
        JsonObject expired = new JsonObject().put("until", new JsonObject().put("$lte", at));
        return mongo.removeDocuments(BANS, expired)
            .compose(v -> mongo.findWithOptions(BANS, new JsonObject(), new FindOptions().setSort(new JsonObject().put("until", 1))))
            .map(bans -> new JsonObject().put("bans", new JsonArray(bans.stream().map(ban -> (Object) view(ban)).toList())));
    }

    /**
     * Whether a person or a client address is banned at {@code at}: replies {banned: false} or {banned: true, until}
     * (the later end when both are).
     */
    Future<JsonObject> check(JsonObject request) {
        return activeBan(request.getString("personId"), request.getString("address"), request.getLong("at"))
            .map(until -> until == null ? new JsonObject().put("banned", false) : new JsonObject().put("banned", true).put("until", until));
    }

    /** The end of the ban holding this person or address now, or null. */
    Future<Long> activeBan(String personId, String address, long at) {
        List<String> keys = new ArrayList<>();
        if (personId != null) {
            keys.add(key(PERSON, personId));
        }
        if (address != null) {
            keys.add(key(ADDRESS, address));
        }
        if (keys.isEmpty()) {
            return Future.succeededFuture(null);
        }
        JsonObject active = new JsonObject()
            .put("_id", new JsonObject().put("$in", new JsonArray(keys)))
            .put("until", new JsonObject().put("$gt", at));
        return mongo.find(BANS, active).map(bans -> bans.stream().map(ban -> ban.getLong("until")).max(Long::compare).orElse(null));
    }

    private static JsonObject view(JsonObject ban) {
        return new JsonObject()
            .put("id", ban.getString("_id"))
            .put("until", ban.getLong("until"))
            .put("since", ban.getLong("since"))
            .put("reason", ban.getString("reason"));
    }
}
