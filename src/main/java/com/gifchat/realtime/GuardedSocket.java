package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.bus.LogText;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.impl.SockJSSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge socket as the SockJS bridge sees it. Frames reach the bridge only once their shape is right
 * ({@link FrameShape}); a wrong one is answered here, counted, and too many close the socket. Transport errors (an
 * oversized message, a broken connection) close it with the fitting WebSocket code instead of reaching the bridge,
 * which would log each with a stack trace. And what is written to it is bounded: a reader that stops reading is
 * dropped before its backlog grows past realtime.maxQueuedBytes.
 */
final class GuardedSocket extends ForwardingSockJSSocket {

    private static final Logger log = LoggerFactory.getLogger(GuardedSocket.class);
    private static final VertxException CLOSED = new VertxException("the socket is closed", true);

    /** The limits every socket of one gateway shares. */
    record Limits(int maxFrameBytes, int maxAddressLength, int maxQueuedBytes, BadFrames.Limits badFrames, DeliveryBacklog backlog) {
    }

    private final Limits limits;
    private final BadFrames badFrames;
    private final OutgoingBytes outgoing;
    private boolean closing;

    GuardedSocket(SockJSSocket socket, Limits limits) {
        super(socket);
        this.limits = limits;
        this.badFrames = new BadFrames(limits.badFrames(), "bridge socket", AppMetrics.BRIDGE, socket.remoteAddress(), System.currentTimeMillis());
        this.outgoing = new OutgoingBytes(limits.maxQueuedBytes(), limits.backlog(), this::drop);
    }

    @Override
    public SockJSSocket handler(Handler<Buffer> bridge) {
        socket.handler(bridge == null ? null : data -> onFrame(data, bridge));
        return this;
    }

    private void onFrame(Buffer data, Handler<Buffer> bridge) {
        if (closing) {
            return;
        }
        if (data.length() > limits.maxFrameBytes()) {
            // the HTTP transports have no frame limit of their own
            tooBig();
            return;
        }
        FrameShape.Refusal refusal = FrameShape.check(data, limits.maxAddressLength());
        if (refusal == null) {
            bridge.handle(data);
        } else {
            write(refusal.toFrame());
            countBad(refusal.body(), refusal.sample());
        }
    }

    /** Counts a frame that no client of ours sends (a malformed one, or one the bridge never permits). */
    void countBad(String reason, Object sample) {
        if (badFrames.count(reason, sample, System.currentTimeMillis())) {
            closeWith(CloseCodes.POLICY_VIOLATION, "Too many bad frames");
        }
    }

    @Override
    public SockJSSocket exceptionHandler(Handler<Throwable> bridge) {
        socket.exceptionHandler(bridge == null ? null : this::onError);
        return this;
    }

    /**
     * A message over the size limit, a frame the protocol forbids (a compressed one: compression is off), or a
     * connection that broke. The first two close the socket with their code; a broken one closes by itself.
     */
    private void onError(Throwable error) {
        if (closing) {
            return;
        }
        short code = CloseCodes.after(error);
        if (code == CloseCodes.TOO_BIG) {
            tooBig();
        } else if (code != CloseCodes.NONE) {
            log.info("closing a bridge socket from {}: {}", remoteAddress(), LogText.of(error.getMessage()));
            closeWith(code, "Protocol error");
        } else {
            log.debug("a bridge socket from {} broke: {}", remoteAddress(), LogText.of(error.getMessage()));
        }
    }

    private void tooBig() {
        AppMetrics.refused(AppMetrics.BRIDGE, Failure.TOO_LARGE);
        log.info("closing a bridge socket from {}: a message longer than {} bytes", remoteAddress(), limits.maxFrameBytes());
        write(new JsonObject().put("type", "err").put("body", "socket_error")
            .put("message", "A message may be at most " + limits.maxFrameBytes() + " bytes long; this connection is closed.")
            .toBuffer());
        closeWith(CloseCodes.TOO_BIG, "Message too big");
    }

    /** Whether this socket is closed or on its way to it. */
    boolean closing() {
        return closing;
    }

    private void closeWith(short code, String reason) {
        if (!closing) {
            closing = true;
            outgoing.release();
            socket.close(code, reason);
        }
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (closing) {
            return Future.failedFuture(CLOSED);
        }
        if (!outgoing.fits(data.length())) {
            drop();
            return Future.failedFuture(CLOSED);
        }
        return outgoing.track(data.length(), socket.write(data));
    }

    /**
     * Drops a socket that does not read what it is sent. The SockJS sessions forget it at once; a raw WebSocket's
     * close frame would wait behind the unread data for ever, so its connection is ended outright.
     */
    private void drop() {
        if (closing) {
            return;
        }
        AppMetrics.refused(AppMetrics.BRIDGE, OutgoingBytes.TOO_SLOW);
        log.info("dropping a bridge socket from {}: it does not read, and {} bytes wait to be written to it",
            remoteAddress(), outgoing.queued());
        closeWith(CloseCodes.TRY_AGAIN_LATER, "Too slow");
        HttpServerRequest request = socket.routingContext().request();
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            Abort.upgraded(request.connection());
        }
    }

    @Override
    public SockJSSocket closeHandler(Handler<Void> bridge) {
        socket.closeHandler(bridge == null ? null : v -> {
            closing = true;
            outgoing.release();
            badFrames.closed(System.currentTimeMillis());
            bridge.handle(v);
        });
        return this;
    }

    @Override
    public void close() {
        closing = true;
        outgoing.release();
        socket.close();
    }

    @Override
    public void close(int statusCode, String reason) {
        closeWith((short) statusCode, reason);
    }

    @Override
    public void closeAfterSessionExpired() {
        closing = true;
        outgoing.release();
        if (socket instanceof SockJSSocketBase base) {
            base.closeAfterSessionExpired();
        } else {
            socket.close();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return !outgoing.fits(1);
    }
}
