package com.gifchat.realtime;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * Ends a WebSocket's TCP connection at once. Closing a WebSocket politely writes a close frame and waits until it is
 * written; to a client that stopped reading it never is, so the connection, its place in its rooms and its unread
 * backlog would stay. Vert.x offers no abort, so this reaches for the Netty channel through the HTTP connection the
 * handshake came on (a Vert.x implementation type; vertx-web wraps the WebSocket itself), and closes it below Vert.x's
 * own handler, whose close is the polite one. Where the types do not fit, nothing happens and the polite close stands.
 */
final class Abort {

    private Abort() {
    }

    /** Ends the WebSocket whose handshake request came on {@code upgrade}. */
    static void upgraded(HttpConnection upgrade) {
        if (upgrade instanceof HttpServerConnection connection) {
            close(connection.channelHandlerContext().channel());
        }
    }

    /** A close that starts at the first handler goes to the socket itself, past every handler's own close. */
    private static void close(Channel channel) {
        var first = channel.pipeline().firstContext();
        if (first != null) {
            first.close();
        }
    }
}
