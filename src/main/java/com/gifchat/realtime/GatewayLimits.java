package com.gifchat.realtime;

import io.vertx.core.Future;

/**
 * Where limits on what one client may do plug into both gateways (the bridge and /ws): opening a socket, entering a
 * room, sending a chat message or a typing signal. A refusal is a failed future carrying a {@code ReplyException} with a
 * {@code Failure} code; the gateway passes its code and message on to the client. {@link #NONE} limits nothing.
 */
interface GatewayLimits {

    GatewayLimits NONE = new GatewayLimits() {
    };

    /** Whether a socket from {@code client} (its address, through trusted proxies) may stay open. */
    default Future<Void> admitSocket(String client) {
        return Future.succeededFuture();
    }

    /** Whether connection {@code connectionId} may enter another room now. */
    default Future<Void> admitRegistration(String connectionId) {
        return Future.succeededFuture();
    }

    /** Whether the person {@code personId} may send a chat message now. */
    default Future<Void> admitSend(String personId) {
        return Future.succeededFuture();
    }

    /** Whether a typing signal may go to a room now; one that may not is dropped without an answer. */
    default boolean admitTyping() {
        return true;
    }
}
