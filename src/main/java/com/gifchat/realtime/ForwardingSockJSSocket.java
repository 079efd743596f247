package com.gifchat.realtime;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.impl.SockJSSocketBase;

/**
 * A SockJS socket that hands what it does not override to another one. It extends the bridge's own socket base
 * class because the bridge casts every socket to it to close an idle one.
 */
abstract class ForwardingSockJSSocket extends SockJSSocketBase {

    /** The base class would register a write handler on the event bus; the wrapped socket already has what it needs. */
    private static final SockJSHandlerOptions NO_WRITE_HANDLER = new SockJSHandlerOptions().setRegisterWriteHandler(false);

    /** The socket the transport gave. */
    protected final SockJSSocket socket;

    ForwardingSockJSSocket(SockJSSocket socket) {
        super(socket.routingContext().vertx(), socket.routingContext(), NO_WRITE_HANDLER);
        this.socket = socket;
    }

    @Override
    public SockJSSocket setWriteQueueMaxSize(int maxSize) {
        socket.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public SockJSSocket drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
        return this;
    }

    @Override
    public SockJSSocket pause() {
        socket.pause();
        return this;
    }

    @Override
    public SockJSSocket resume() {
        socket.resume();
        return this;
    }

    @Override
    public SockJSSocket fetch(long amount) {
        socket.fetch(amount);
        return this;
    }

    @Override
    public SockJSSocket endHandler(Handler<Void> endHandler) {
        socket.endHandler(endHandler);
        return this;
    }

    @Override
    public Future<Void> end() {
        return socket.end();
    }

    @Override
    public String writeHandlerID() {
        return socket.writeHandlerID();
    }

    @Override
    public SocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public MultiMap headers() {
        return socket.headers();
    }

    @Override
    public String uri() {
        return socket.uri();
    }

    @Override
    public RoutingContext routingContext() {
        return socket.routingContext();
    }

    @Override
    public Session webSession() {
        return socket.webSession();
    }

    @Override
    public User webUser() {
        return socket.webUser();
    }
}
