package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * What administrators do to rooms (through AdminVerticle) and owners to their own: close a room, take a person out,
 * remove a message, purge old ones, announce. The room verticle serves these; the rules live here.
 */
final class Moderation {

    private static final Logger log = LoggerFactory.getLogger(Moderation.class);

    private final EventBus bus;
    private final RoomRules rules;
    private final PresenceNotices notices;
    private final Function<String, Future<JsonObject>> findRoom;
    private final Consumer<String> removed;

    /** {@code rooms} finds a room by id (or fails with NO_SUCH_ROOM); {@code removed} tells every room list. */
    Moderation(EventBus bus, RoomRules rules, PresenceNotices notices, Function<String, Future<JsonObject>> rooms,
               Consumer<String> removed) {
        this.bus = bus;
        this.rules = rules;
        this.notices = notices;
        this.findRoom = rooms;
        this.removed = removed;
    }

    /** An administrator closes a room, whoever is in it. */
    Future<JsonObject> closeByAdmin(JsonObject request) {
        String id = request.getString("id");
        return findRoom.apply(id).compose(room -> close(id, RoomViews.BY_ADMIN));
    }

    /** Removes the room with its history and images, then tells the people in it and every room list. */
    Future<JsonObject> close(String id, String by) {
        return store(STORE_ROOM_DELETE, new JsonObject().put("id", id)).onSuccess(reply -> {
            if (reply.getBoolean("deleted")) {
                log.info("room {} closed by its {}", id, by);
                bus.publish(room(id), RoomViews.closed(id, by, now()));
                removed.accept(id);
            }
        });
    }

    /**
     * Takes a person out of a room, all their connections at once, and keeps them out for {@code cooldownMs} (with
     * {@code byAddress}, anyone from the client address they were in from too): the room is told, and every gateway
     * ends that person's subscription to the room.
     */
    Future<JsonObject> kick(JsonObject request) {
        String roomId = request.getString("roomId");
        String userId = request.getString("userId");
        long at = now();
        return findRoom.apply(roomId)
            .compose(room -> store(STORE_PRESENCE_KICK, new JsonObject().put("roomId", roomId).put("userId", userId)
                .put("until", at + request.getLong("cooldownMs", 0L)).put("at", at)
                .put("byAddress", request.getBoolean("byAddress", false))))
            .onSuccess(reply -> {
                bus.publish(GATEWAY_KICK, new JsonObject().put("roomId", roomId).put("userId", userId));
                if (reply.getBoolean("kicked")) {
                    bus.publish(room(roomId), RoomViews.kicked(roomId, reply.getString("colour"), at));
                    notices.recounted(roomId, reply.getInteger("memberCount"));
                }
            });
    }

    Future<JsonObject> deleteMessage(JsonObject request) {
        String roomId = request.getString("roomId");
        String messageId = request.getString("messageId");
        return findRoom.apply(roomId)
            .compose(room -> store(STORE_MESSAGE_DELETE, new JsonObject().put("roomId", roomId).put("messageId", messageId)))
            .onSuccess(reply -> {
                if (reply.getBoolean("deleted")) {
                    bus.publish(room(roomId), RoomViews.deleted(roomId, messageId, now()));
                }
            });
    }

    /** Removes messages (and their images) stored more than {@code olderThanMs} ago, in one room or in all. */
    Future<JsonObject> purge(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject purge = new JsonObject().put("before", now() - request.getLong("olderThanMs"));
        Future<JsonObject> scope = roomId == null ? Future.succeededFuture() : findRoom.apply(roomId).map(room -> purge.put("roomId", roomId));
        return scope.compose(v -> store(STORE_MESSAGE_PURGE, purge));
    }

    /** A notice from the administrators, to one room or, without a room id, to every room. */
    Future<JsonObject> announce(JsonObject request) {
        Object roomId = request.getValue("roomId");
        return rules.text(request.getValue("text")).compose(text -> {
            Future<List<String>> rooms = roomId == null
                ? store(STORE_ROOM_LIST, new JsonObject()).map(reply -> reply.getJsonArray("rooms").stream()
                    .map(room -> ((JsonObject) room).getString("id")).toList())
                : findRoom.apply(roomId instanceof String id ? id : null).map(room -> List.of(room.getString("id")));
            return rooms.map(ids -> {
                ids.forEach(id -> bus.publish(room(id), RoomViews.announcement(id, text, now())));
                return new JsonObject().put("rooms", ids.size());
            });
        });
    }

    private Future<JsonObject> store(String address, JsonObject request) {
        return Bus.requestLocally(bus, address, request);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
