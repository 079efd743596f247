package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

import static com.gifchat.bus.Addresses.STORE_PRESENCE_LIST;
import static com.gifchat.bus.Addresses.room;

/** Who is in a room, and who is typing in it: what a room's page shows beside the chat. */
final class People {

    private final EventBus bus;
    private final Function<String, Future<JsonObject>> findRoom;
    private final int maxPeople;

    People(EventBus bus, Function<String, Future<JsonObject>> findRoom, int maxPeople) {
        this.bus = bus;
        this.findRoom = findRoom;
        this.maxPeople = maxPeople;
    }

    /** {roomId} to {people: [{colour}]}, oldest member first; the live changes come as joined and left notices. */
    Future<JsonObject> list(JsonObject request) {
        String roomId = request.getString("roomId");
        return findRoom.apply(roomId)
            .compose(room -> Bus.requestLocally(bus, STORE_PRESENCE_LIST, new JsonObject().put("roomId", roomId).put("limit", maxPeople)));
    }

    /**
     * A typing signal the gateway let through (it is from a member, stamped with who, and no more often than
     * chat.typingIntervalMs): published to the room as it is, never stored.
     */
    void typing(JsonObject signal) {
        String roomId = signal.getString("roomId");
        JsonObject user = signal.getJsonObject("user");
        if (roomId != null && user != null) {
            bus.publish(room(roomId), RoomViews.typing(roomId, user.getString("colour"), System.currentTimeMillis()));
        }
    }
}
