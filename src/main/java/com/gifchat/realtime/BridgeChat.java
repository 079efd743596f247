package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.identity.Identity;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.function.Function;

import static com.gifchat.bus.Addresses.CHAT_SEND;
import static com.gifchat.bus.Addresses.CHAT_TYPING;

/**
 * Chat and typing frames from bridge sockets: accepted only in a room the socket joined, and always stamped with
 * the person its ticket admitted, whatever the frame claims. Frames to other addresses are left to the bridge's
 * permissions.
 */
final class BridgeChat {

    private final GatewayLimits limits;
    private final long typingIntervalMs;
    private final Function<SockJSSocket, BridgeConnection> connections;

    BridgeChat(GatewayLimits limits, long typingIntervalMs, Function<SockJSSocket, BridgeConnection> connections) {
        this.limits = limits;
        this.typingIntervalMs = typingIntervalMs;
        this.connections = connections;
    }

    void send(BridgeEvent event) {
        JsonObject frame = event.getRawMessage();
        String address = frame.getString("address");
        if (!CHAT_SEND.equals(address) && !CHAT_TYPING.equals(address)) {
            BridgeReplies.countBad(event, "send", address);
            event.complete(true);
            return;
        }
        BridgeConnection connection = connections.apply(event.socket());
        Object body = frame.getValue("body");
        String roomId = body instanceof JsonObject json ? json.getString("roomId") : null;
        Identity person = connection == null || roomId == null ? null : connection.rooms().get(roomId);
        if (person == null) {
            BridgeReplies.refuse(event, frame.getString("replyAddress"), Failure.NOT_ADMITTED.exception("Join the room before you write in it."));
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
            .onFailure(error -> BridgeReplies.refuse(event, frame.getString("replyAddress"), error));
    }

    /**
     * A typing signal goes to the room stamped with who sent it, at most once per chat.typingIntervalMs per connection
     * and room; more often, or while the gateway is behind with its deliveries, it is dropped without an answer (a page
     * sends fewer, so only a script sees the first).
     */
    private void typing(BridgeEvent event, BridgeConnection connection, String roomId, Identity person) {
        if (!limits.admitTyping() || !connection.mayType(roomId, System.currentTimeMillis(), typingIntervalMs)) {
            event.complete(false);
            return;
        }
        event.getRawMessage().remove("replyAddress");
        event.getRawMessage().put("body", new JsonObject().put("roomId", roomId).put("user", person.toJson()));
        event.complete(true);
    }
}
