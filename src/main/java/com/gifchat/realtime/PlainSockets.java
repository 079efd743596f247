package com.gifchat.realtime;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.bus.LogText;
import com.gifchat.identity.Identity;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.gifchat.bus.Addresses.*;

/**
 * /ws: a plain JSON WebSocket for scripts (wscat, websocat…). One connection is one anonymous person in at most one
 * public room at a time, with the same validation, stamping and capacity as the browser bridge. Pages of other sites
 * may not open one; one that stays silent (no frame, no pong) past the idle timeout, sends garbage again and again,
 * or does not read what it is sent, is closed. Protocol in docs/PROTOCOL.md.
 */
final class PlainSockets {

    private static final Logger log = LoggerFactory.getLogger(PlainSockets.class);
    private static final Buffer PING = Buffer.buffer("ping");

    /** The gateway's settings for /ws. */
    record Settings(long heartbeatMs, long idleTimeoutMs, int maxFrameBytes, int maxQueuedBytes, BadFrames.Limits badFrames) {
    }

    private final Vertx vertx;
    private final String node;
    private final Settings settings;
    private final OriginPolicy origins;
    private final GatewayLimits limits;
    private final ClientAddresses clients;

    PlainSockets(Vertx vertx, String node, Settings settings, OriginPolicy origins, GatewayLimits limits,
                 ClientAddresses clients) {
        this.clients = clients;
        this.vertx = vertx;
        this.node = node;
        this.settings = settings;
        this.origins = origins;
        this.limits = limits;
    }

    private final Set<Session> sessions = new HashSet<>();
    /** Set while this node drains: completed when the last connection has closed. */
    private Promise<Void> allClosed;
    private boolean draining;

    /** An administrator removed a person from a room: a /ws session of theirs in it leaves it and hears why. */
    void kick(JsonObject kick) {
        sessions.stream()
            .filter(session -> kick.getString("roomId").equals(session.roomId) && session.person.id().equals(kick.getString("userId")))
            .toList()
            .forEach(Session::removedByAdmin);
    }

    /** Scripts send no Origin and are welcome; a browser page is only if it is one of the allowed origins. */
    /** This node was taken for dead and its connections swept: each session in a room records itself again. */
    void rejoin() {
        sessions.stream().filter(session -> session.roomId != null).toList().forEach(Session::rejoin);
    }

    /**
     * This node stops: each connection hears so, and is closed a moment later with 1012. Its people are taken out of
     * their rooms all at once by the node's goodbye (Drain), not one by one as their connections close.
     */
    void restarting() {
        draining = true;
        sessions.forEach(session -> session.write("restarting", new JsonObject().put("text", Restarting.TEXT)));
    }

    /** Closes every connection; completes once each has closed (one that never reads when Vert.x gives up on it). */
    Future<Void> closeAll() {
        if (sessions.isEmpty()) {
            return Future.succeededFuture();
        }
        allClosed = Promise.promise();
        List.copyOf(sessions).forEach(session -> session.close(CloseCodes.SERVICE_RESTART, "Server restarting"));
        return allClosed.future();
    }

    void upgrade(RoutingContext rc) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origins.allows(origin, rc.request().getHeader(HttpHeaders.HOST))) {
            OriginPolicy.refuse(rc, AppMetrics.WS);
            return;
        }
        rc.request().toWebSocket()
            .onSuccess(socket -> new Session(socket, rc.request().connection()).start())
            .onFailure(error -> log.debug("/ws upgrade refused: {}", LogText.of(error.getMessage())));
    }

    private final class Session {
        private final ServerWebSocket socket;
        private final HttpConnection connection;
        private final Identity person = Identity.fresh();
        private final String connectionId = UUID.randomUUID().toString();
        private final String client;
        private final BadFrames badFrames;
        private final OutgoingBytes outgoing = new OutgoingBytes(settings.maxQueuedBytes());
        private String roomId;
        private MessageConsumer<JsonObject> roomConsumer;
        private boolean joining;
        private long heartbeat;
        private long lastHeard = System.currentTimeMillis();
        private boolean closed;

        private Session(ServerWebSocket socket, HttpConnection connection) {
            this.socket = socket;
            this.connection = connection;
            this.client = clients.of(socket.remoteAddress(), socket.headers());
            this.badFrames = new BadFrames(settings.badFrames(), "/ws connection", AppMetrics.WS, socket.remoteAddress(), lastHeard);
        }

        void rejoin() {
            String id = roomId;
            Bus.request(vertx.eventBus(), ROOMS_JOIN, presence(id).put("node", node).put("address", ClientAddresses.hash(client)))
                .onFailure(error -> {
                    if (id.equals(roomId)) {
                        roomConsumer.unregister();
                        roomId = null;
                    }
                    error(error);
                });
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
            socket.pongHandler(pong -> lastHeard = System.currentTimeMillis());
            socket.exceptionHandler(this::onError);
            socket.closeHandler(v -> onClose());
            // the place for a limit on new sockets (GatewayLimits)
            limits.admitSocket(client)
                .onSuccess(v -> {
                    heartbeat = vertx.setPeriodic(settings.heartbeatMs(), id -> beat());
                    write("hello", new JsonObject().put("colour", person.colour()).put("heartbeatMs", settings.heartbeatMs()));
                })
                .onFailure(error -> {
                    refuse(error);
                    close(CloseCodes.POLICY_VIOLATION, "Refused");
                });
        }

        /** A heartbeat for the client's sake, and a WebSocket ping whose pong shows that a silent client is there. */
        private void beat() {
            long now = System.currentTimeMillis();
            if (now - lastHeard >= settings.idleTimeoutMs()) {
                close(CloseCodes.GOING_AWAY, "Idle for too long");
                return;
            }
            write("heartbeat", new JsonObject().put("at", now));
            if (!closed) {
                socket.writePing(PING);
            }
        }

        private void onText(String text) {
            lastHeard = System.currentTimeMillis();
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (DecodeException | ClassCastException e) {
                bad("invalid_json", "Frames must be JSON objects.", text);
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
                leave();
            } else {
                bad("invalid_type", "Unknown frame type; use join, send, history or leave.", type);
            }
        }

        /** A frame no well-behaved script sends: answered and counted, and too many close the connection. */
        private void bad(String reason, String message, Object sample) {
            error(Failure.BAD_INPUT.code(), message);
            if (badFrames.count(reason, sample, System.currentTimeMillis())) {
                close(CloseCodes.POLICY_VIOLATION, "Too many bad frames");
            }
        }

        /**
         * Too big a message (1009), a frame the protocol forbids such as a compressed one (its own code), or a broken
         * connection, which closes by itself.
         */
        private void onError(Throwable error) {
            short code = CloseCodes.after(error);
            if (code == CloseCodes.TOO_BIG) {
                AppMetrics.refused(AppMetrics.WS, Failure.TOO_LARGE);
                log.info("closing a /ws connection from {}: a message longer than {} bytes", socket.remoteAddress(), settings.maxFrameBytes());
                close(code, "Message too big");
            } else if (code != CloseCodes.NONE) {
                log.info("closing a /ws connection from {}: {}", socket.remoteAddress(), LogText.of(error.getMessage()));
                close(code, "Protocol error");
            } else {
                log.debug("a /ws connection from {} broke: {}", socket.remoteAddress(), LogText.of(error.getMessage()));
            }
        }

        private void leave() {
            if (joining) {
                // the join on its way would subscribe after the leave
                refuse(Failure.BAD_INPUT.exception("Wait until the last join is answered."));
                return;
            }
            leaveRoom().onSuccess(v -> write("left", new JsonObject())).onFailure(this::error);
        }

        private void join(Object room) {
            if (!(room instanceof String id) || !isRoomId(id)) {
                refuse(Failure.NO_SUCH_ROOM.exception("There is no such room."));
                return;
            }
            if (joining) {
                refuse(Failure.BAD_INPUT.exception("Wait until the last join is answered."));
                return;
            }
            joining = true;
            leaveRoom()
                .compose(v -> Bus.request(vertx.eventBus(), ROOMS_GET, new JsonObject().put("id", id)))
                .compose(found -> found.getJsonObject("room").getBoolean("private")
                    ? Failure.NOT_ADMITTED.future("This room has a password: enter it on the web page.")
                    : limits.admitRegistration(connectionId).compose(v -> Bus.request(vertx.eventBus(), ROOMS_JOIN,
                        presence(id).put("node", node).put("address", ClientAddresses.hash(client)))))
                .compose(joined -> subscribe(id))
                .onComplete(v -> joining = false)
                .onSuccess(v -> write("joined", new JsonObject().put("room", id)))
                .onFailure(this::refuse);
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
                refuse(Failure.NOT_ADMITTED.exception("Join a room before you ask for its history."));
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
                refuse(Failure.NOT_ADMITTED.exception("Join a room before you write."));
                return;
            }
            JsonObject message = new JsonObject().put("roomId", roomId).put("text", text).put("clientId", clientId)
                .put("user", person.toJson());
            // the place for a limit on sends (GatewayLimits); what the rooms refuse is counted there (messages)
            limits.admitSend(person.id()).onComplete(admitted -> {
                if (admitted.failed()) {
                    refuse(admitted.cause());
                    return;
                }
                Bus.request(vertx.eventBus(), CHAT_SEND, message)
                    .onSuccess(stored -> write("sent", stored))
                    .onFailure(this::error);
            });
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
            if (allClosed != null && sessions.isEmpty()) {
                allClosed.tryComplete();
            }
            vertx.cancelTimer(heartbeat);
            badFrames.closed(System.currentTimeMillis());
            if (!draining) {
                leaveRoom().onFailure(error -> log.warn("could not record that a /ws connection left: {}", error.getMessage()));
            }
        }

        private JsonObject presence(String id) {
            return new JsonObject().put("roomId", id).put("user", person.toJson()).put("conn", connectionId);
        }

        /** A request refused at the gateway: answered, and counted in the metrics. */
        private void refuse(Throwable error) {
            AppMetrics.refused(AppMetrics.WS, Failure.of(error));
            error(error);
        }

        private void error(Throwable error) {
            error(Failure.of(error).code(), Failure.describe(error));
        }

        private void error(int code, String message) {
            write("error", new JsonObject().put("code", code).put("message", message));
        }

        /** Writes a frame, unless the client has not read so much of what it was sent that it must be dropped. */
        private void write(String type, JsonObject fields) {
            if (closed) {
                return;
            }
            String text = fields.copy().put("type", type).encode();
            if (!outgoing.fits(text.length())) {
                AppMetrics.refused(AppMetrics.WS, OutgoingBytes.TOO_SLOW);
                log.info("dropping a /ws connection from {}: it does not read, and {} bytes wait to be written to it",
                    socket.remoteAddress(), outgoing.queued());
                close(CloseCodes.TRY_AGAIN_LATER, "Too slow");
                // the close frame would wait behind the unread data for ever
                Abort.upgraded(connection);
                return;
            }
            outgoing.track(text.length(), socket.writeTextMessage(text));
        }

        /** Nothing is written after this; the close frame follows what is queued, and the connection ends. */
        private void close(short code, String reason) {
            if (!closed) {
                closed = true;
                socket.close(code, reason);
            }
        }
    }
}
