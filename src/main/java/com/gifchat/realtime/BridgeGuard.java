package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import com.gifchat.identity.Tickets;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.gifchat.bus.Addresses.*;

/**
 * The bridge's security boundary: it keeps the sockets of this node and hands each bridge event to the part that
 * decides it. Who may enter which room is {@link BridgeRoomEntry}'s, what may be said there {@link BridgeChat}'s.
 */
final class BridgeGuard {

    private final GatewayLimits limits;
    private final ClientAddresses clients;
    private final Map<SockJSSocket, BridgeConnection> connections = new HashMap<>();
    private final BridgeRoomEntry entry;
    private final BridgeChat chat;
    /** Set while this node drains: completed when the last socket has closed. */
    private Promise<Void> allClosed;

    BridgeGuard(Vertx vertx, Tickets tickets, BridgeRoomEntry.Settings rooms, long typingIntervalMs,
                GatewayLimits limits, ClientAddresses clients) {
        this.limits = limits;
        this.clients = clients;
        this.entry = new BridgeRoomEntry(vertx, tickets, rooms, limits, connections::get);
        this.chat = new BridgeChat(limits, typingIntervalMs, connections::get);
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
                socket.write(BridgeReplies.failure(room(roomId), Failure.REMOVED.code(), "An administrator removed you from this room."));
                socket.close();
            }
        });
    }

    /**
     * This node stops: each room a socket is in hears so; the page shows it, reconnects and catches up. Its people are
     * taken out of their rooms all at once by the node's goodbye (Drain), not one by one as their sockets close.
     */
    void restarting() {
        entry.draining();
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

    /** This node was taken for dead and its connections swept out of their rooms: each records itself again. */
    void rejoin() {
        connections.forEach(entry::rejoin);
    }

    void handle(BridgeEvent event) {
        switch (event.type()) {
            case SOCKET_CREATED -> created(event);
            case REGISTER -> entry.register(event);
            case REGISTERED -> {
                entry.welcome(event);
                event.complete(true);
            }
            case UNREGISTER -> {
                entry.unregister(event);
                event.complete(true);
            }
            case SEND -> chat.send(event);
            case PUBLISH -> {
                // nothing may be published from a browser: chat goes through request/reply only, so the sender
                // learns whether it was stored, and the bridge permits no other address
                BridgeReplies.countBad(event, "publish", event.getRawMessage().getString("address"));
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
                socket.write(BridgeReplies.failure(null, error));
                event.complete(false);
            });
    }

    private void closed(SockJSSocket socket) {
        BridgeConnection connection = connections.remove(socket);
        if (connection != null) {
            entry.closed(connection);
        }
        if (allClosed != null && connections.isEmpty()) {
            allClosed.tryComplete();
        }
    }
}
