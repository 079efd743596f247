package com.gifchat.realtime;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static com.gifchat.bus.Addresses.*;

/**
 * /ws: a plain JSON WebSocket for scripts (wscat, websocat…). One connection is one anonymous person in at most one
 * public room at a time, with the same validation, stamping and capacity as the browser bridge. Protocol in
 * docs/EVENTBUS.md.
 */
final class PlainSockets {

    private static final Logger log = LoggerFactory.getLogger(PlainSockets.class);

    private final Vertx vertx;
    private final String node;
    private final long heartbeatMs;

    PlainSockets(Vertx vertx, String node, long heartbeatMs) {
        this.vertx = vertx;
        this.node = node;
        this.heartbeatMs = heartbeatMs;
    }

    private final Set<Session> sessions = new HashSet<>();

    /** An administrator removed a person from a room: a /ws session of theirs in it leaves it and hears why. */
    void kick(JsonObject kick) {
        sessions.stream()
            .filter(session -> kick.getString("roomId").equals(session.roomId) && session.person.id().equals(kick.getString("userId")))
            .toList()
            .forEach(Session::removedByAdmin);
    }

    void upgrade(RoutingContext rc) {
        rc.request().toWebSocket()
            .onSuccess(socket -> new Session(socket).start())
            .onFailure(error -> log.debug("/ws upgrade refused: {}", error.getMessage()));
    }

    private final class Session {
        private final ServerWebSocket socket;
        private final Identity person = Identity.fresh();
        private final String connectionId = UUID.randomUUID().toString();
        private String roomId;
        private MessageConsumer<JsonObject> roomConsumer;
        private boolean joining;
        private long heartbeat;
        private boolean closed;

        private Session(ServerWebSocket socket) {
            this.socket = socket;
        }

        void removedByAdmin() {
            roomConsumer.unregister();
            roomId = null;
            error(Failure.REMOVED.code(), "An administrator removed you from this room.");
        }

        void start() {
            sessions.add(this);
            socket.textMessageHandler(this::onText);
            socket.binaryMessageHandler(buffer -> onText(buffer.toString()));
            socket.closeHandler(v -> onClose());
            heartbeat = vertx.setPeriodic(heartbeatMs, id -> write("heartbeat", new JsonObject().put("at", System.currentTimeMillis())));
            write("hello", new JsonObject().put("colour", person.colour()).put("heartbeatMs", heartbeatMs));
        }

        private void onText(String text) {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (DecodeException e) {
                error(Failure.BAD_INPUT.code(), "Frames must be JSON objects.");
                return;
            }
            Object type = frame.getValue("type");
            if ("join".equals(type)) {
                join(frame.getValue("room"));
            } else if ("send".equals(type)) {
                send(frame.getValue("text"), frame.getValue("clientId"));
            } else if ("history".equals(type)) {
                history(frame);
            } else if ("leave".equals(type)) {
                leaveRoom().onSuccess(v -> write("left", new JsonObject())).onFailure(this::error);
            } else {
                error(Failure.BAD_INPUT.code(), "Unknown frame type; use join, send, history or leave.");
            }
        }

        private void join(Object room) {
            if (!(room instanceof String id) || !isRoomId(id)) {
                error(Failure.NO_SUCH_ROOM.code(), "There is no such room.");
                return;
            }
            if (joining) {
                error(Failure.BAD_INPUT.code(), "Wait until the last join is answered.");
                return;
            }
            joining = true;
            leaveRoom()
                .compose(v -> Bus.request(vertx.eventBus(), ROOMS_GET, new JsonObject().put("id", id)))
                .compose(found -> found.getJsonObject("room").getBoolean("private")
                    ? Failure.NOT_ADMITTED.future("This room has a password: enter it on the web page.")
                    : Bus.request(vertx.eventBus(), ROOMS_JOIN, presence(id).put("node", node)))
                .compose(joined -> subscribe(id))
                .onComplete(v -> joining = false)
                .onSuccess(v -> write("joined", new JsonObject().put("room", id)))
                .onFailure(this::error);
        }

        private Future<Void> subscribe(String id) {
            if (closed) {
                Bus.request(vertx.eventBus(), ROOMS_LEAVE, presence(id));
                return Future.succeededFuture();
            }
            roomId = id;
            roomConsumer = vertx.eventBus().consumer(room(id), message -> write("message", new JsonObject().put("message", message.body())));
            return roomConsumer.completion();
        }

        /** A page of the room's history: {after: n} is what a reconnected client missed, {before: n} older ones. */
        private void history(JsonObject frame) {
            if (roomId == null) {
                error(Failure.NOT_ADMITTED.code(), "Join a room before you ask for its history.");
                return;
            }
            JsonObject page = new JsonObject().put("roomId", roomId);
            for (String field : new String[]{"after", "before", "limit"}) {
                if (frame.getValue(field) != null) {
                    page.put(field, frame.getValue(field));
                }
            }
            Bus.request(vertx.eventBus(), ROOMS_HISTORY, page)
                .onSuccess(reply -> write("history", reply))
                .onFailure(this::error);
        }

        private void send(Object text, Object clientId) {
            if (roomId == null) {
                error(Failure.NOT_ADMITTED.code(), "Join a room before you write.");
                return;
            }
            JsonObject message = new JsonObject().put("roomId", roomId).put("text", text).put("clientId", clientId)
                .put("user", person.toJson());
            Bus.request(vertx.eventBus(), CHAT_SEND, message)
                .onSuccess(stored -> write("sent", stored))
                .onFailure(this::error);
        }

        private Future<Void> leaveRoom() {
            if (roomId == null) {
                return Future.succeededFuture();
            }
            String leaving = roomId;
            roomId = null;
            return roomConsumer.unregister()
                .compose(v -> Bus.request(vertx.eventBus(), ROOMS_LEAVE, presence(leaving)))
                .mapEmpty();
        }

        private void onClose() {
            closed = true;
            sessions.remove(this);
            vertx.cancelTimer(heartbeat);
            leaveRoom().onFailure(error -> log.warn("could not record that a /ws connection left: {}", error.getMessage()));
        }

        private JsonObject presence(String id) {
            return new JsonObject().put("roomId", id).put("user", person.toJson()).put("conn", connectionId);
        }

        private void error(Throwable error) {
            error(Failure.of(error).code(), Failure.describe(error));
        }

        private void error(int code, String message) {
            write("error", new JsonObject().put("code", code).put("message", message));
        }

        private void write(String type, JsonObject fields) {
            if (!closed) {
                socket.writeTextMessage(fields.copy().put("type", type).encode());
            }
        }
    }
}
