package com.gifchat.realtime;

import com.gifchat.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

/**
 * Where limits on what one client may do plug into both gateways (the bridge and /ws): opening a socket, and sending a
 * chat message. A refusal is a failed future carrying a {@code ReplyException} with a {@code Failure} code; the
 * gateway passes its code and message on to the client. {@link #NONE} limits nothing.
 */
interface GatewayLimits {

    GatewayLimits NONE = new GatewayLimits() {
    };

    /** Whether a socket from {@code remote} may stay open; a refused one hears why, then is closed. */
    default Future<Void> admitSocket(SocketAddress remote) {
        return Future.succeededFuture();
    }

    /** Whether {@code person}, on connection {@code connectionId} from {@code remote}, may send a chat message now. */
    default Future<Void> admitSend(SocketAddress remote, String connectionId, Identity person) {
        return Future.succeededFuture();
    }
}
