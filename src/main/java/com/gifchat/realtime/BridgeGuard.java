package com.gifchat.realtime;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import com.gifchat.identity.Tickets;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.gifchat.bus.Addresses.*;

/**
 * The bridge's security boundary. A socket may subscribe to room.&lt;id&gt; only with a valid admission ticket and
 * only while the room has a place for its person, in at most realtime.maxRoomsPerSocket rooms at once; it may speak
 * only in rooms it joined, and always as the person the ticket named, whatever the frame claims.
 */
final class BridgeGuard {

    private static final Logger log = LoggerFactory.getLogger(BridgeGuard.class);
    private static final long TICKETS_WAIT_MS = 1000;

    private final Vertx vertx;
    private final EventBus bus;
    private final Tickets tickets;
    private final String node;
    private final long leaveDelayMs;
    private final int maxRooms;
    private final GatewayLimits limits;
    private final ClientAddresses clients;
    private final long typingIntervalMs;
    private final Map<SockJSSocket, BridgeConnection> connections = new HashMap<>();
    /** Set while this node drains: completed when the last socket has closed. */
    private Promise<Void> allClosed;
    private boolean draining;

    BridgeGuard(Vertx vertx, Tickets tickets, String node, long leaveDelayMs, int maxRooms, long typingIntervalMs,
                GatewayLimits limits, ClientAddresses clients) {
        this.clients = clients;
        this.typingIntervalMs = typingIntervalMs;
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.tickets = tickets;
        this.node = node;
        this.leaveDelayMs = leaveDelayMs;
        this.maxRooms = maxRooms;
        this.limits = limits;
    }

    /**
     * An administrator removed a person from a room: their sockets here hear why, and lose their subscription with
     * the socket itself (the bridge cannot drop one subscription from the server side).
     */
    void kick(JsonObject kick) {
        String roomId = kick.getString("roomId");
        String userId = kick.getString("userId");
        connections.forEach((socket, connection) -> {
            Identity person = connection.rooms().get(roomId);
            if (person != null && person.id().equals(userId)) {
                connection.rooms().remove(roomId);
                socket.write(new JsonObject().put("type", "err").put("address", room(roomId))
                    .put("failureCode", Failure.REMOVED.code()).put("failureType", "RECIPIENT_FAILURE")
                    .put("message", "An administrator removed you from this room.").toBuffer());
                socket.close();
            }
        });
    }

    /**
     * This node stops: each room a socket is in hears so; the page shows it, reconnects and catches up. Its people are
     * taken out of their rooms all at once by the node's goodbye (Drain), not one by one as their sockets close.
     */
    void restarting() {
        draining = true;
        connections.forEach((socket, connection) -> connection.rooms().keySet().forEach(roomId -> socket.write(
            new JsonObject().put("type", "rec").put("address", room(roomId)).put("body", Restarting.notice(roomId)).toBuffer())));
    }

    /** Closes every socket; completes once each has closed (a client that never reads is closed when Vert.x gives up). */
    Future<Void> closeAll() {
        if (connections.isEmpty()) {
            return Future.succeededFuture();
        }
        allClosed = Promise.promise();
        List.copyOf(connections.keySet()).forEach(SockJSSocket::close);
        return allClosed.future();
    }

    void handle(BridgeEvent event) {
        switch (event.type()) {
            case SOCKET_CREATED -> created(event);
            case REGISTER -> register(event);
            case REGISTERED -> {
                welcome(event);
                event.complete(true);
            }
            case UNREGISTER -> {
                unregister(event);
                event.complete(true);
            }
            case SEND -> send(event);
            case PUBLISH -> {
                // nothing may be published from a browser: chat goes through request/reply only, so the sender
                // learns whether it was stored, and the bridge permits no other address
                countBad(event, "publish", event.getRawMessage().getString("address"));
                event.complete(!CHAT_SEND.equals(event.getRawMessage().getString("address")));
            }
            case SOCKET_CLOSED -> {
                closed(event.socket());
                event.complete(true);
            }
            default -> event.complete(true);
        }
    }

    /** The place for a limit on new sockets ({@link GatewayLimits}); a refused socket hears why, then is closed. */
    private void created(BridgeEvent event) {
        SockJSSocket socket = event.socket();
        String client = clients.of(socket.remoteAddress(), socket.headers());
        limits.admitSocket(client)
            .onSuccess(v -> {
                connections.put(socket, new BridgeConnection(UUID.randomUUID().toString(), ClientAddresses.hash(client)));
                event.complete(true);
            })
            .onFailure(error -> {
                AppMetrics.refused(AppMetrics.BRIDGE, Failure.of(error));
                socket.write(new JsonObject().put("type", "err").put("failureCode", Failure.of(error).code())
                    .put("failureType", "RECIPIENT_FAILURE").put("message", Failure.describe(error)).toBuffer());
                event.complete(false);
            });
    }

    private void register(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        if (!isRoomAddress(address)) {
            if (!ROOM_EVENTS.equals(address)) {
                countBad(event, "register", address);
            }
            event.complete(true);
            return;
        }
        // without a configured secret, the store's is known moments after the database first answers
        tickets.ready().timeout(TICKETS_WAIT_MS, TimeUnit.MILLISECONDS).onComplete(keyed -> {
            if (keyed.succeeded()) {
                admit(event, address);
            } else {
                refuse(event, address, Failure.UNAVAILABLE.exception("no ticket secret yet"));
            }
        });
    }

    private void admit(BridgeEvent event, String address) {
        String roomId = roomIdOf(address);
        tickets.check(header(event, "ticket"), roomId).onComplete(person -> {
            BridgeConnection connection = connections.get(event.socket());
            if (connection == null || person.failed()) {
                refuse(event, address, Failure.NOT_ADMITTED.exception("You are not admitted to this room: open it from the room list."));
            } else {
                enter(event, address, connection, roomId, person.result());
            }
        });
    }

    private void enter(BridgeEvent event, String address, BridgeConnection connection, String roomId, Identity person) {
        if (connection.rooms().containsKey(roomId)) {
            // already in: the bridge itself refuses the second subscription
            event.complete(true);
            return;
        }
        if (connection.joining().containsKey(roomId) || connection.leaving().contains(roomId)) {
            refuse(event, address, Failure.BAD_INPUT.exception("Wait until this connection has finished entering or leaving this room."));
            return;
        }
        if (connection.rooms().size() + connection.joining().size() >= maxRooms) {
            refuse(event, address, Failure.BAD_INPUT.exception(
                "A connection can be in at most " + maxRooms + " rooms at once: leave one before you enter another."));
            return;
        }
        connection.joining().put(roomId, true);
        limits.admitRegistration(connection.id())
            .compose(v -> Bus.request(bus, ROOMS_JOIN, presence(connection, roomId, person).put("node", node)
                .put("address", connection.addressHash())))
            .onSuccess(joined -> {
                // an unregister while the join was on its way, or a closed socket, must not end up subscribed
                boolean wanted = Boolean.TRUE.equals(connection.joining().remove(roomId)) && !connection.closed();
                if (wanted) {
                    connection.rooms().put(roomId, person);
                    event.complete(true);
                } else {
                    leaveNow(connection, roomId, person);
                    event.complete(false);
                }
            })
            .onFailure(error -> {
                connection.joining().remove(roomId);
                refuse(event, address, error);
            });
    }

    /**
     * Tells the socket, and only it, that it is in the room: the joined notice went out before its subscription
     * existed, and the bridge protocol has no acknowledgement of its own.
     */
    private void welcome(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        BridgeConnection connection = connections.get(event.socket());
        Identity person = connection == null || !isRoomAddress(address) ? null : connection.rooms().get(roomIdOf(address));
        if (person != null) {
            event.socket().write(new JsonObject()
                .put("type", "rec")
                .put("address", address)
                .put("body", new JsonObject()
                    .put("roomId", roomIdOf(address))
                    .put("type", "system")
                    .put("event", "welcome")
                    .put("text", "You are in the room as " + person.colour() + ".")
                    .put("colour", person.colour())
                    .put("at", System.currentTimeMillis()))
                .toBuffer());
        }
    }

    /**
     * The socket unregistered, or the bridge unregisters it as it closes. An open socket leaves the room at once (it
     * is no page reload to wait for), and a join still on its way is cancelled when its answer comes.
     */
    private void unregister(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        BridgeConnection connection = connections.get(event.socket());
        if (connection != null && isRoomAddress(address)) {
            String roomId = roomIdOf(address);
            connection.joining().replace(roomId, false);
            Identity person = connection.rooms().remove(roomId);
            boolean closing = event.socket() instanceof GuardedSocket socket && socket.closing();
            if (person != null && closing) {
                leaveSoon(connection, roomId, person);
            } else if (person != null) {
                leaveNow(connection, roomId, person);
            }
        } else if (!ROOM_EVENTS.equals(address)) {
            countBad(event, "unregister", address);
        }
    }

    /**
     * Replaces whatever a chat frame says about its sender with the person who joined the room on this socket.
     * Frames to other addresses are left to the bridge's permissions.
     */
    private void send(BridgeEvent event) {
        JsonObject frame = event.getRawMessage();
        String address = frame.getString("address");
        if (!CHAT_SEND.equals(address) && !CHAT_TYPING.equals(address)) {
            countBad(event, "send", address);
            event.complete(true);
            return;
        }
        BridgeConnection connection = connections.get(event.socket());
        Object body = frame.getValue("body");
        String roomId = body instanceof JsonObject json ? json.getString("roomId") : null;
        Identity person = connection == null || roomId == null ? null : connection.rooms().get(roomId);
        if (person == null) {
            refuse(event, frame.getString("replyAddress"), Failure.NOT_ADMITTED.exception("Join the room before you write in it."));
            return;
        }
        frame.remove("headers");
        if (CHAT_TYPING.equals(address)) {
            typing(event, connection, roomId, person);
            return;
        }
        frame.put("body", new JsonObject()
            .put("roomId", roomId)
            .put("text", ((JsonObject) body).getValue("text"))
            .put("clientId", ((JsonObject) body).getValue("clientId"))
            .put("user", person.toJson()));
        // the place for a limit on sends (GatewayLimits); with none, this completes at once, keeping the order
        limits.admitSend(person.id())
            .onSuccess(v -> event.complete(true))
            .onFailure(error -> refuse(event, frame.getString("replyAddress"), error));
    }

    /**
     * A typing signal goes to the room stamped with who sent it, at most once per chat.typingIntervalMs per connection
     * and room; more often, it is dropped without an answer (a page sends fewer, so only a script sees this).
     */
    private void typing(BridgeEvent event, BridgeConnection connection, String roomId, Identity person) {
        if (!connection.mayType(roomId, System.currentTimeMillis(), typingIntervalMs)) {
            event.complete(false);
            return;
        }
        event.getRawMessage().remove("replyAddress");
        event.getRawMessage().put("body", new JsonObject().put("roomId", roomId).put("user", person.toJson()));
        event.complete(true);
    }

    /**
     * This node was taken for dead while it could not reach the database, and its connections were swept out of their
     * rooms: each records itself again. One that finds no place any more (the room filled, or went) hears why and is
     * closed, so its page enters again and is told in words.
     */
    void rejoin() {
        connections.forEach((socket, connection) -> connection.rooms().forEach((roomId, person) ->
            Bus.request(bus, ROOMS_JOIN, presence(connection, roomId, person).put("node", node).put("address", connection.addressHash()))
                .onFailure(error -> {
                    socket.write(new JsonObject().put("type", "err").put("address", room(roomId))
                        .put("failureCode", Failure.of(error).code()).put("failureType", "RECIPIENT_FAILURE")
                        .put("message", Failure.describe(error)).toBuffer());
                    socket.close();
                })));
    }

    /** A frame no page of ours sends: the bridge refuses it, and the socket counts it towards being closed. */
    private static void countBad(BridgeEvent event, String type, String address) {
        if (event.socket() instanceof GuardedSocket socket) {
            socket.countBad("access_denied", type + " " + address);
        }
    }

    private void closed(SockJSSocket socket) {
        BridgeConnection connection = connections.remove(socket);
        if (connection != null) {
            // a join still on its way sees this and leaves again
            connection.close();
            connection.rooms().forEach((roomId, person) -> leaveSoon(connection, roomId, person));
            connection.rooms().clear();
        }
        if (allClosed != null && connections.isEmpty()) {
            allClosed.tryComplete();
        }
    }

    /**
     * A page reload closes a socket and opens another at once: leaving a moment later lets the new one arrive first,
     * so the room sees neither "left" nor "joined" for it. While the node drains, its goodbye takes everyone out.
     */
    private void leaveSoon(BridgeConnection connection, String roomId, Identity person) {
        if (draining) {
            return;
        }
        if (leaveDelayMs == 0) {
            leave(connection, roomId, person);
        } else {
            vertx.setTimer(leaveDelayMs, id -> leave(connection, roomId, person));
        }
    }

    private Future<?> leave(BridgeConnection connection, String roomId, Identity person) {
        return bus.request(ROOMS_LEAVE, presence(connection, roomId, person))
            .onFailure(error -> log.warn("could not record that a connection left room {} ({}); the room's heartbeat sweep removes it within "
                + "presence.nodeTimeoutMs, nothing to do unless this repeats (then check the database)", roomId, error.getMessage()));
    }

    /** Leaves while the socket stays open: until the store has the leave, this room cannot be entered again on it. */
    private void leaveNow(BridgeConnection connection, String roomId, Identity person) {
        connection.leaving().add(roomId);
        leave(connection, roomId, person).onComplete(ar -> connection.leaving().remove(roomId));
    }

    /**
     * Refuses a frame so that the browser learns why: the bridge's own refusal carries no address, so first an
     * error addressed to the room handler or reply handler that waits for an answer.
     */
    private static void refuse(BridgeEvent event, String address, Throwable error) {
        AppMetrics.refused(AppMetrics.BRIDGE, Failure.of(error));
        if (address != null) {
            event.socket().write(new JsonObject()
                .put("type", "err")
                .put("address", address)
                .put("failureCode", Failure.of(error).code())
                .put("failureType", "RECIPIENT_FAILURE")
                .put("message", Failure.describe(error))
                .toBuffer());
        }
        event.complete(false);
    }

    private static JsonObject presence(BridgeConnection connection, String roomId, Identity person) {
        return new JsonObject().put("roomId", roomId).put("user", person.toJson()).put("conn", connection.id());
    }

    private static String header(BridgeEvent event, String name) {
        Object headers = event.getRawMessage().getValue("headers");
        Object value = headers instanceof JsonObject json ? json.getValue(name) : null;
        return value instanceof String text ? text : null;
    }
}
