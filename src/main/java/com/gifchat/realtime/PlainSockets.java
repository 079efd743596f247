package com.gifchat.realtime;

import com.gifchat.bus.LogText;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * /ws: a plain JSON WebSocket for scripts (wscat, websocat…). One connection ({@link PlainSession}) is one anonymous
 * person in at most one public room at a time, with the same validation, stamping and capacity as the browser
 * bridge. Pages of other sites may not open one. This class keeps the node's connections and tells them what
 * concerns them all. Protocol in docs/PROTOCOL.md.
 */
final class PlainSockets {

    private static final Logger log = LoggerFactory.getLogger(PlainSockets.class);

    /** The gateway's settings for /ws. */
    record Settings(long heartbeatMs, long idleTimeoutMs, int maxFrameBytes, int maxQueuedBytes, BadFrames.Limits badFrames,
                    DeliveryBacklog backlog) {
    }

    private final Vertx vertx;
    private final String node;
    private final Settings settings;
    private final OriginPolicy origins;
    private final GatewayLimits limits;
    private final ClientAddresses clients;
    private final Set<PlainSession> sessions = new HashSet<>();
    /** Set while this node drains: completed when the last connection has closed. */
    private Promise<Void> allClosed;
    private boolean draining;

    PlainSockets(Vertx vertx, String node, Settings settings, OriginPolicy origins, GatewayLimits limits,
                 ClientAddresses clients) {
        this.clients = clients;
        this.vertx = vertx;
        this.node = node;
        this.settings = settings;
        this.origins = origins;
        this.limits = limits;
    }

    /** An administrator removed a person from a room: a /ws session of theirs in it leaves it and hears why. */
    void kick(JsonObject kick) {
        sessions.stream()
            .map(PlainSession::chat)
            .filter(chat -> chat.isIn(kick.getString("roomId"), kick.getString("userId")))
            .toList()
            .forEach(PlainChat::removedByAdmin);
    }

    /** This node was taken for dead and its connections swept: each session in a room records itself again. */
    void rejoin() {
        sessions.stream().map(PlainSession::chat).filter(PlainChat::inRoom).toList().forEach(PlainChat::rejoin);
    }

    /**
     * This node stops: each connection hears so, and is closed a moment later with 1012. Its people are taken out of
     * their rooms all at once by the node's goodbye (Drain), not one by one as their connections close.
     */
    void restarting() {
        draining = true;
        sessions.forEach(session -> session.write("restarting", new JsonObject().put("text", Restarting.TEXT)));
    }

    /** Closes every connection; completes once each has closed (one that never reads when Vert.x gives up on it). */
    Future<Void> closeAll() {
        if (sessions.isEmpty()) {
            return Future.succeededFuture();
        }
        allClosed = Promise.promise();
        List.copyOf(sessions).forEach(session -> session.close(CloseCodes.SERVICE_RESTART, "Server restarting"));
        return allClosed.future();
    }

    /** Scripts send no Origin and are welcome; a browser page is only if it is one of the allowed origins. */
    void upgrade(RoutingContext rc) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origins.allows(origin, rc.request().getHeader(HttpHeaders.HOST))) {
            OriginPolicy.refuse(rc, AppMetrics.WS);
            return;
        }
        rc.request().toWebSocket()
            .onSuccess(socket -> new PlainSession(vertx, this, socket, rc.request().connection(),
                clients.of(socket.remoteAddress(), socket.headers())).start())
            .onFailure(error -> log.debug("/ws upgrade refused: {}", LogText.of(error.getMessage())));
    }

    Settings settings() {
        return settings;
    }

    String node() {
        return node;
    }

    GatewayLimits limits() {
        return limits;
    }

    /** While the node drains, its goodbye takes its people out of their rooms, not each closing connection. */
    boolean draining() {
        return draining;
    }

    void opened(PlainSession session) {
        sessions.add(session);
    }

    void closed(PlainSession session) {
        sessions.remove(session);
        if (allClosed != null && sessions.isEmpty()) {
            allClosed.tryComplete();
        }
    }
}
