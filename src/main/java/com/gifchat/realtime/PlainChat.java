package com.gifchat.realtime;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static com.gifchat.bus.Addresses.*;

/**
 * What one /ws connection does in a room: join (a public one, with the same capacity and limits as the bridge),
 * send as its one anonymous person, read history, leave. At most one room at a time.
 */
final class PlainChat {

    private final Vertx vertx;
    private final String node;
    private final GatewayLimits limits;
    private final PlainSession session;
    private final Identity person;
    private final String addressHash;
    private final String connectionId = UUID.randomUUID().toString();
    private String roomId;
    private MessageConsumer<JsonObject> roomConsumer;
    private boolean joining;

    PlainChat(Vertx vertx, String node, GatewayLimits limits, PlainSession session, Identity person, String addressHash) {
        this.vertx = vertx;
        this.node = node;
        this.limits = limits;
        this.session = session;
        this.person = person;
        this.addressHash = addressHash;
    }

    boolean inRoom() {
        return roomId != null;
    }

    boolean isIn(String roomId, String userId) {
        return roomId.equals(this.roomId) && person.id().equals(userId);
    }

    /** The node was taken for dead and its connections swept: records itself in its room again. */
    void rejoin() {
        String id = roomId;
        Bus.requestLocally(vertx.eventBus(), ROOMS_JOIN, presence(id).put("node", node).put("address", addressHash))
            .onFailure(error -> {
                if (id.equals(roomId)) {
                    roomConsumer.unregister();
                    roomId = null;
                }
                session.error(error);
            });
    }

    void removedByAdmin() {
        roomConsumer.unregister();
        roomId = null;
        session.error(Failure.REMOVED.code(), "An administrator removed you from this room.");
    }

    void leave() {
        if (joining) {
            // the join on its way would subscribe after the leave
            session.refuse(Failure.BAD_INPUT.exception("Wait until the last join is answered."));
            return;
        }
        leaveRoom().onSuccess(v -> session.write("left", new JsonObject())).onFailure(session::error);
    }

    void join(Object room) {
        if (!(room instanceof String id) || !isRoomId(id)) {
            session.refuse(Failure.NO_SUCH_ROOM.exception("There is no such room."));
            return;
        }
        if (joining) {
            session.refuse(Failure.BAD_INPUT.exception("Wait until the last join is answered."));
            return;
        }
        joining = true;
        leaveRoom()
            .compose(v -> Bus.requestLocally(vertx.eventBus(), ROOMS_GET, new JsonObject().put("id", id)))
            .compose(found -> found.getJsonObject("room").getBoolean("private")
                ? Failure.NOT_ADMITTED.future("This room has a password: enter it on the web page.")
                : limits.admitRegistration(connectionId).compose(v -> Bus.requestLocally(vertx.eventBus(), ROOMS_JOIN,
                    presence(id).put("node", node).put("address", addressHash))))
            .compose(joined -> subscribe(id))
            .onComplete(v -> joining = false)
            .onSuccess(v -> session.write("joined", new JsonObject().put("room", id)))
            .onFailure(session::refuse);
    }

    private Future<Void> subscribe(String id) {
        if (session.closed()) {
            Bus.requestLocally(vertx.eventBus(), ROOMS_LEAVE, presence(id));
            return Future.succeededFuture();
        }
        roomId = id;
        roomConsumer = vertx.eventBus().consumer(room(id), message -> session.write("message", new JsonObject().put("message", message.body())));
        return roomConsumer.completion();
    }

    /** A page of the room's history: {after: n} is what a reconnected client missed, {before: n} older ones. */
    void history(JsonObject frame) {
        if (roomId == null) {
            session.refuse(Failure.NOT_ADMITTED.exception("Join a room before you ask for its history."));
            return;
        }
        JsonObject page = new JsonObject().put("roomId", roomId);
        for (String field : new String[]{"after", "before", "limit"}) {
            if (frame.getValue(field) != null) {
                page.put(field, frame.getValue(field));
            }
        }
        Bus.requestLocally(vertx.eventBus(), ROOMS_HISTORY, page)
            .onSuccess(reply -> session.write("history", reply))
            .onFailure(session::error);
    }

    void send(Object text, Object clientId) {
        if (roomId == null) {
            session.refuse(Failure.NOT_ADMITTED.exception("Join a room before you write."));
            return;
        }
        JsonObject message = new JsonObject().put("roomId", roomId).put("text", text).put("clientId", clientId)
            .put("user", person.toJson());
        // the place for a limit on sends (GatewayLimits); what the rooms refuse is counted there (messages)
        limits.admitSend(person.id()).onComplete(admitted -> {
            if (admitted.failed()) {
                session.refuse(admitted.cause());
                return;
            }
            Bus.requestLocally(vertx.eventBus(), CHAT_SEND, message)
                .onSuccess(stored -> session.write("sent", stored))
                .onFailure(session::error);
        });
    }

    /** Leaves the room it is in, if any: unsubscribes first, so nothing arrives after "left". */
    Future<Void> leaveRoom() {
        if (roomId == null) {
            return Future.succeededFuture();
        }
        String leaving = roomId;
        roomId = null;
        return roomConsumer.unregister()
            .compose(v -> Bus.requestLocally(vertx.eventBus(), ROOMS_LEAVE, presence(leaving)))
            .mapEmpty();
    }

    private JsonObject presence(String id) {
        return new JsonObject().put("roomId", id).put("user", person.toJson()).put("conn", connectionId);
    }
}
