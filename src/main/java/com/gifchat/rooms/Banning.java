package com.gifchat.rooms;

import com.gifchat.bus.BanText;
import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * Bans across the whole chat, by person or by client-address hash, kept by the store. Recording one also ends every
 * membership it hits at once, through the same kick that ends a person's connections to a room on every gateway, so a
 * banned person's open sockets can no longer write; what they try next (join, create a room, upload) is checked here
 * or by the store and refused with REMOVED.
 */
final class Banning {

    private final EventBus bus;
    /** The rooms verticle's kick: takes one person out of one room, on every node. */
    private final Function<JsonObject, Future<JsonObject>> kick;

    Banning(EventBus bus, Function<JsonObject, Future<JsonObject>> kick) {
        this.bus = bus;
        this.kick = kick;
    }

    /** {kind: person|address, value, seconds, reason?}: replies {ban, kicked: memberships ended}. */
    Future<JsonObject> ban(JsonObject request) {
        long at = System.currentTimeMillis();
        JsonObject ban = new JsonObject()
            .put("kind", request.getString("kind"))
            .put("value", request.getString("value"))
            .put("reason", request.getString("reason"))
            .put("until", at + request.getLong("seconds") * 1000)
            .put("at", at);
        return Bus.requestLocally(bus, STORE_BAN_PUT, ban).compose(stored -> Future.all(stored.getJsonArray("members").stream()
                .map(member -> kick.apply(((JsonObject) member).copy().put("cooldownMs", 0L))
                    // a room closed meanwhile has nobody left to take out
                    .recover(error -> Failure.of(error) == Failure.NO_SUCH_ROOM ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(error)))
                .toList())
            .map(kicked -> new JsonObject().put("ban", stored.getJsonObject("ban")).put("kicked", kicked.size())));
    }

    /** {kind, value}: replies {removed}. */
    Future<JsonObject> unban(JsonObject request) {
        return Bus.requestLocally(bus, STORE_BAN_REMOVE, new JsonObject().put("kind", request.getString("kind")).put("value", request.getString("value")));
    }

    Future<JsonObject> list(JsonObject request) {
        return Bus.requestLocally(bus, STORE_BAN_LIST, new JsonObject().put("at", System.currentTimeMillis()));
    }

    /** {personId?, address?}: replies {} when neither is banned, else fails REMOVED with when the ban ends. */
    Future<JsonObject> check(JsonObject request) {
        return check(request.getString("personId"), request.getString("address")).map(new JsonObject());
    }

    Future<Void> check(String personId, String address) {
        if (personId == null && address == null) {
            return Future.succeededFuture();
        }
        JsonObject query = new JsonObject().put("personId", personId).put("address", address).put("at", System.currentTimeMillis());
        return Bus.requestLocally(bus, STORE_BAN_CHECK, query).compose(reply -> reply.getBoolean("banned")
            ? Failure.REMOVED.future(BanText.until(reply.getLong("until"))) : Future.succeededFuture());
    }
}
