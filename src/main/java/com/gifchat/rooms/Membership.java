package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import static com.gifchat.bus.Addresses.STORE_PRESENCE_ADD;
import static com.gifchat.bus.Addresses.STORE_PRESENCE_REMOVE;

/**
 * Who is in which room: connections entering and leaving, recorded in the store (which holds capacity and the
 * per-address bound exactly, on every node), and the joined and left notices they make.
 */
final class Membership {

    private final EventBus bus;
    private final PresenceNotices notices;
    private final int maxPeoplePerAddress;

    Membership(EventBus bus, PresenceNotices notices, int maxPeoplePerAddress) {
        this.bus = bus;
        this.notices = notices;
        this.maxPeoplePerAddress = maxPeoplePerAddress;
    }

    /** A connection enters a room; a new member is announced (coalesced) to the room. */
    Future<JsonObject> join(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        JsonObject presence = new JsonObject()
            .put("roomId", roomId)
            .put("user", user)
            .put("conn", request.getString("conn"))
            .put("node", request.getString("node"))
            .put("at", System.currentTimeMillis());
        if (request.getString("address") != null) {
            presence.put("address", request.getString("address")).put("maxPerAddress", maxPeoplePerAddress);
        }
        return Bus.requestLocally(bus, STORE_PRESENCE_ADD, presence).onSuccess(reply -> {
            if (reply.getBoolean("joined")) {
                notices.joined(roomId, user.getString("colour"), reply.getInteger("memberCount"));
            }
        });
    }

    /** A connection leaves; a person whose last connection it was is announced as gone. */
    Future<JsonObject> leave(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        JsonObject presence = new JsonObject()
            .put("roomId", roomId)
            .put("userId", user.getString("id"))
            .put("conn", request.getString("conn"))
            .put("at", System.currentTimeMillis());
        return Bus.requestLocally(bus, STORE_PRESENCE_REMOVE, presence).onSuccess(reply -> {
            if (reply.getBoolean("left")) {
                notices.left(roomId, user.getString("colour"), reply.getInteger("memberCount"));
            }
        });
    }
}
