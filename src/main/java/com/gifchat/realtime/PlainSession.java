package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.bus.LogText;
import com.gifchat.identity.Identity;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One /ws connection: heartbeats and the idle timeout, frames read and handed to its {@link PlainChat}, bad frames
 * counted, and what is written to it bounded, so a client that stops reading is dropped.
 */
final class PlainSession {

    private static final Logger log = LoggerFactory.getLogger(PlainSession.class);
    private static final Buffer PING = Buffer.buffer("ping");

    private final Vertx vertx;
    private final PlainSockets owner;
    private final PlainSockets.Settings settings;
    private final ServerWebSocket socket;
    private final HttpConnection connection;
    private final String client;
    private final Identity person = Identity.fresh();
    private final PlainChat chat;
    private final BadFrames badFrames;
    private final OutgoingBytes outgoing;
    private long heartbeat;
    private long lastHeard = System.currentTimeMillis();
    private boolean closed;

    PlainSession(Vertx vertx, PlainSockets owner, ServerWebSocket socket, HttpConnection connection, String client) {
        this.vertx = vertx;
        this.owner = owner;
        this.settings = owner.settings();
        this.socket = socket;
        this.connection = connection;
        this.client = client;
        this.chat = new PlainChat(vertx, owner.node(), owner.limits(), this, person, ClientAddresses.hash(client));
        this.badFrames = new BadFrames(settings.badFrames(), "/ws connection", AppMetrics.WS, socket.remoteAddress(), lastHeard);
        this.outgoing = new OutgoingBytes(settings.maxQueuedBytes(), settings.backlog(), this::dropSlow);
    }

    PlainChat chat() {
        return chat;
    }

    void start() {
        owner.opened(this);
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(buffer -> onText(buffer.toString()));
        socket.pongHandler(pong -> lastHeard = System.currentTimeMillis());
        socket.exceptionHandler(this::onError);
        socket.closeHandler(v -> onClose());
        // the place for a limit on new sockets (GatewayLimits)
        owner.limits().admitSocket(client)
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
            chat.join(frame.getValue("room"));
        } else if ("send".equals(type)) {
            chat.send(frame.getValue("text"), frame.getValue("clientId"));
        } else if ("history".equals(type)) {
            chat.history(frame);
        } else if ("leave".equals(type)) {
            chat.leave();
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

    private void onClose() {
        closed = true;
        outgoing.release();
        owner.closed(this);
        vertx.cancelTimer(heartbeat);
        badFrames.closed(System.currentTimeMillis());
        if (!owner.draining()) {
            chat.leaveRoom().onFailure(error -> log.warn("could not record that a /ws connection left: {}", error.getMessage()));
        }
    }

    boolean closed() {
        return closed;
    }

    /** A request refused at the gateway: answered, and counted in the metrics. */
    void refuse(Throwable error) {
        AppMetrics.refused(AppMetrics.WS, Failure.of(error));
        error(error);
    }

    void error(Throwable error) {
        error(Failure.of(error).code(), Failure.describe(error));
    }

    void error(int code, String message) {
        write("error", new JsonObject().put("code", code).put("message", message));
    }

    /** Writes a frame, unless the client has not read so much of what it was sent that it must be dropped. */
    void write(String type, JsonObject fields) {
        if (closed) {
            return;
        }
        String text = fields.copy().put("type", type).encode();
        if (!outgoing.fits(text.length())) {
            dropSlow();
            return;
        }
        outgoing.track(text.length(), socket.writeTextMessage(text));
    }

    private void dropSlow() {
        if (closed) {
            return;
        }
        AppMetrics.refused(AppMetrics.WS, OutgoingBytes.TOO_SLOW);
        log.info("dropping a /ws connection from {}: it does not read, and {} bytes wait to be written to it",
            socket.remoteAddress(), outgoing.queued());
        close(CloseCodes.TRY_AGAIN_LATER, "Too slow");
        // the close frame would wait behind the unread data for ever
        Abort.upgraded(connection);
    }

    /** Nothing is written after this; the close frame follows what is queued, and the connection ends. */
    void close(short code, String reason) {
        if (!closed) {
            closed = true;
            outgoing.release();
            socket.close(code, reason);
        }
    }
}
