package com.gifchat.realtime;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import com.gifchat.identity.Tickets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * Bridge sockets entering and leaving rooms. A socket may subscribe to room.&lt;id&gt; only with a valid admission
 * ticket and only while the room has a place for its person, in at most realtime.maxRoomsPerSocket rooms at once;
 * the room hears of each arrival and departure.
 */
final class BridgeRoomEntry {

    private static final Logger log = LoggerFactory.getLogger(BridgeRoomEntry.class);
    private static final long TICKETS_WAIT_MS = 1000;

    /** What a socket's rooms are recorded with. */
    record Settings(String node, long leaveDelayMs, int maxRooms) {
    }

    private final Vertx vertx;
    private final EventBus bus;
    private final Tickets tickets;
    private final Settings settings;
    private final GatewayLimits limits;
    private final Function<SockJSSocket, BridgeConnection> connections;
    private boolean draining;

    BridgeRoomEntry(Vertx vertx, Tickets tickets, Settings settings, GatewayLimits limits,
                    Function<SockJSSocket, BridgeConnection> connections) {
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.tickets = tickets;
        this.settings = settings;
        this.limits = limits;
        this.connections = connections;
    }

    /** This node stops: its goodbye (Drain) takes its people out of their rooms all at once. */
    void draining() {
        draining = true;
    }

    void register(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        if (!isRoomAddress(address)) {
            if (!ROOM_EVENTS.equals(address)) {
                BridgeReplies.countBad(event, "register", address);
            }
            event.complete(true);
            return;
        }
        // without a configured secret, the store's is known moments after the database first answers
        tickets.ready().timeout(TICKETS_WAIT_MS, TimeUnit.MILLISECONDS).onComplete(keyed -> {
            if (keyed.succeeded()) {
                admit(event, address);
            } else {
                BridgeReplies.refuse(event, address, Failure.UNAVAILABLE.exception("no ticket secret yet"));
            }
        });
    }

    private void admit(BridgeEvent event, String address) {
        String roomId = roomIdOf(address);
        tickets.check(header(event, "ticket"), roomId).onComplete(person -> {
            BridgeConnection connection = connections.apply(event.socket());
            if (connection == null || person.failed()) {
                BridgeReplies.refuse(event, address, Failure.NOT_ADMITTED.exception("You are not admitted to this room: open it from the room list."));
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
            BridgeReplies.refuse(event, address, Failure.BAD_INPUT.exception("Wait until this connection has finished entering or leaving this room."));
            return;
        }
        if (connection.rooms().size() + connection.joining().size() >= settings.maxRooms()) {
            BridgeReplies.refuse(event, address, Failure.BAD_INPUT.exception(
                "A connection can be in at most " + settings.maxRooms() + " rooms at once: leave one before you enter another."));
            return;
        }
        connection.joining().put(roomId, true);
        limits.admitRegistration(connection.id())
            .compose(v -> join(connection, roomId, person))
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
                BridgeReplies.refuse(event, address, error);
            });
    }

    /**
     * Tells the socket, and only it, that it is in the room: the joined notice went out before its subscription
     * existed, and the bridge protocol has no acknowledgement of its own.
     */
    void welcome(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        BridgeConnection connection = connections.apply(event.socket());
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
    void unregister(BridgeEvent event) {
        String address = event.getRawMessage().getString("address");
        BridgeConnection connection = connections.apply(event.socket());
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
            BridgeReplies.countBad(event, "unregister", address);
        }
    }

    /**
     * This node was taken for dead while it could not reach the database, and its connections were swept out of their
     * rooms: each records itself again. One that finds no place any more (the room filled, or went) hears why and is
     * closed, so its page enters again and is told in words.
     */
    void rejoin(SockJSSocket socket, BridgeConnection connection) {
        connection.rooms().forEach((roomId, person) -> join(connection, roomId, person)
            .onFailure(error -> {
                socket.write(BridgeReplies.failure(room(roomId), error));
                socket.close();
            }));
    }

    /** The socket closed: it leaves its rooms, and a join still on its way sees this and leaves again. */
    void closed(BridgeConnection connection) {
        connection.close();
        connection.rooms().forEach((roomId, person) -> leaveSoon(connection, roomId, person));
        connection.rooms().clear();
    }

    private Future<JsonObject> join(BridgeConnection connection, String roomId, Identity person) {
        return Bus.requestLocally(bus, ROOMS_JOIN, presence(connection, roomId, person).put("node", settings.node())
            .put("address", connection.addressHash()));
    }

    /**
     * A page reload closes a socket and opens another at once: leaving a moment later lets the new one arrive first,
     * so the room sees neither "left" nor "joined" for it. While the node drains, its goodbye takes everyone out.
     */
    private void leaveSoon(BridgeConnection connection, String roomId, Identity person) {
        if (draining) {
            return;
        }
        if (settings.leaveDelayMs() == 0) {
            leave(connection, roomId, person);
        } else {
            vertx.setTimer(settings.leaveDelayMs(), id -> leave(connection, roomId, person));
        }
    }

    private Future<?> leave(BridgeConnection connection, String roomId, Identity person) {
        return Bus.requestLocally(bus, ROOMS_LEAVE, presence(connection, roomId, person))
            .onFailure(error -> log.warn("could not record that a connection left room {} ({}); the room's heartbeat sweep removes it within "
                + "presence.nodeTimeoutMs, nothing to do unless this repeats (then check the database)", roomId, error.getMessage()));
    }

    /** Leaves while the socket stays open: until the store has the leave, this room cannot be entered again on it. */
    private void leaveNow(BridgeConnection connection, String roomId, Identity person) {
        connection.leaving().add(roomId);
        leave(connection, roomId, person).onComplete(ar -> connection.leaving().remove(roomId));
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
