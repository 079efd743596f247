package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.config.Setting;
import com.gifchat.config.StartFailure;
import com.gifchat.identity.Tickets;
import com.gifchat.limits.Limits;
import com.gifchat.limits.TrustedProxies;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import static com.gifchat.bus.Addresses.*;

/**
 * The realtime gateway: the SockJS event-bus bridge at /eventbus/* for browsers, and a plain JSON WebSocket at /ws
 * for scripts. Browsers subscribe to room.&lt;id&gt; themselves; {@link BridgeGuard} decides who may.
 */
public class GatewayVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
    /** Served by this verticle, so the SockJS iframe fallbacks need no CDN. */
    private static final String SOCKJS_LIBRARY = "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js";
    /** SockJSBridgeOptions' own default, which the frame check enforces before the bridge does. */
    private static final int MAX_ADDRESS_LENGTH = SockJSBridgeOptions.DEFAULT_MAX_ADDRESS_LENGTH;
    /** An xhr_send body is a JSON array of frames, each a JSON string: escaping can double a frame's length. */
    private static final int SEND_BODY_FACTOR = 2;
    private static final int HTTP_TOO_LARGE = 413;

    private HttpServer server;
    /** Set when this node drains before it stops: no new socket, and the connected ones are told and closed. */
    private boolean draining;

    @Override
    public Future<?> start() {
        JsonObject config = config();
        String node = config.getString(Setting.NODE_ID);
        int maxFrame = Setting.REALTIME_MAX_FRAME_BYTES.intIn(config);
        OriginPolicy origins = OriginPolicy.of(Setting.REALTIME_ALLOWED_ORIGINS.textIn(config),
            Setting.HTTP_PORT.intIn(config), Setting.REALTIME_PUBLIC_URL.textIn(config));
        BadFrames.Limits badFrames = new BadFrames.Limits(Setting.REALTIME_MAX_BAD_FRAMES.intIn(config),
            Setting.REALTIME_BAD_FRAME_WINDOW_MS.intIn(config));
        int maxQueued = Setting.REALTIME_MAX_QUEUED_BYTES.intIn(config);
        // each instance holds its share of the node's bound on unread output
        DeliveryBacklog backlog = new DeliveryBacklog(vertx, Setting.REALTIME_MAX_DELIVERY_LAG_MS.intIn(config),
            (long) Setting.REALTIME_MAX_QUEUED_BYTES_PER_NODE.intIn(config) / Math.max(1, Setting.REALTIME_INSTANCES.intIn(config)));
        backlog.start();
        GatewayLimits limits = new RateLimitedGateway(Limits.forNode(vertx, config), backlog);
        ClientAddresses clients = new ClientAddresses(TrustedProxies.of(Setting.SECURITY_TRUSTED_PROXIES.textIn(config)));

        Tickets tickets = Tickets.of(vertx, config);
        BridgeGuard guard = new BridgeGuard(vertx, tickets, new BridgeRoomEntry.Settings(node,
            Setting.REALTIME_LEAVE_DELAY_MS.intIn(config), Setting.REALTIME_MAX_ROOMS_PER_SOCKET.intIn(config)),
            Setting.CHAT_TYPING_INTERVAL_MS.intIn(config), limits, clients);
        PlainSockets plainSockets = new PlainSockets(vertx, node, new PlainSockets.Settings(
            Setting.REALTIME_WS_HEARTBEAT_MS.intIn(config), Setting.REALTIME_WS_IDLE_TIMEOUT_MS.intIn(config),
            maxFrame, maxQueued, badFrames, backlog), origins, limits, clients);

        SockJSBridgeOptions permissions = new SockJSBridgeOptions()
            .setPingTimeout(Setting.REALTIME_BRIDGE_PING_TIMEOUT_MS.intIn(config))
            .setMaxAddressLength(MAX_ADDRESS_LENGTH)
            .addInboundPermitted(new PermittedOptions().setAddress(CHAT_SEND))
            .addInboundPermitted(new PermittedOptions().setAddress(CHAT_TYPING))
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(ROOM_ADDRESS_PATTERN))
            .addOutboundPermitted(new PermittedOptions().setAddress(ROOM_EVENTS));
        // JSONP's <script> requests carry no Origin, so no page of another site could be told from ours
        SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions()
            .setLibraryURL(SOCKJS_LIBRARY)
            .addDisabledTransport(Transport.JSON_P.name()));
        // the bridge is given each socket wrapped, so that frames are checked before it parses them (GuardedSocket)
        EventBusBridgeImpl bridge = new EventBusBridgeImpl(vertx, null, permissions, guard::handle);
        GuardedSocket.Limits socketLimits = new GuardedSocket.Limits(maxFrame, MAX_ADDRESS_LENGTH, maxQueued, badFrames, backlog);

        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders(origins)::handle);
        router.route().handler(this::refuseWhileDraining);
        router.route("/eventbus/*").handler(origins::guardBridge);
        router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit((long) maxFrame * SEND_BODY_FACTOR));
        router.post("/eventbus/*").handler(GatewayVerticle::requireSendBody);
        router.route("/eventbus/*").subRouter(sockJS.socketHandler(socket -> bridge.handle(new GuardedSocket(socket, socketLimits))));
        router.get("/ws").handler(plainSockets::upgrade);
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        // refusals of the handlers above are the client's doing: a plain answer, and no log line each
        for (int status : new int[]{400, 403, 405, HTTP_TOO_LARGE, 417}) {
            router.errorHandler(status, rc -> plainStatus(rc, status));
        }

        Future<Void> kicks = vertx.eventBus().<JsonObject>consumer(GATEWAY_KICK, message -> {
            guard.kick(message.body());
            plainSockets.kick(message.body());
        }).completion();
        Future<Void> rejoins = vertx.eventBus().<JsonObject>localConsumer(GATEWAY_REJOIN, message -> {
            guard.rejoin();
            plainSockets.rejoin();
        }).completion();
        // the pages hear why first, and are closed a moment later, so that answers already on their way arrive
        Future<Void> drains = vertx.eventBus().<JsonObject>localConsumer(NODE_DRAINING, message -> {
            draining = true;
            guard.restarting();
            plainSockets.restarting();
            vertx.setTimer(message.body().getLong("closeAfterMs"), id -> Future.join(guard.closeAll(), plainSockets.closeAll())
                .onComplete(closed -> vertx.eventBus().send(NODE_GATEWAY_DRAINED, new JsonObject(),
                    new DeliveryOptions().setLocalOnly(true))));
        }).completion();

        // no WebSocket compression: a small compressed frame could inflate to far more than the frame limit, and
        // would be inflated before its size is known
        server = vertx.createHttpServer(new HttpServerOptions()
            .setMaxWebSocketFrameSize(maxFrame)
            .setMaxWebSocketMessageSize(maxFrame)
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false));
        return Future.all(kicks, rejoins, drains).compose(v -> server.requestHandler(router)
                .listen(Setting.REALTIME_PORT.intIn(config), Setting.HTTP_HOST.textIn(config)))
            .recover(e -> Future.failedFuture(StartFailure.ifPortInUse(e, Setting.REALTIME_PORT, Setting.REALTIME_PORT.intIn(config))))
            .onSuccess(s -> log.info("realtime gateway listening on port {}", s.actualPort()));
    }

    /** A stopping node takes no new socket (nor the SockJS fallbacks' next request): its pages connect again later. */
    private void refuseWhileDraining(RoutingContext rc) {
        if (draining) {
            rc.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Restarting.RETRY_AFTER_S))
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8").end(Restarting.TEXT + "\n");
        } else {
            rc.next();
        }
    }

    /** SockJS answers a message post without a body with a 500 ("Payload expected."); this answers 400. */
    private static void requireSendBody(RoutingContext rc) {
        if (rc.request().path().endsWith("_send") && rc.body().length() <= 0) {
            AppMetrics.badFrame(AppMetrics.BRIDGE);
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8").end("Payload expected.\n");
        } else {
            rc.next();
        }
    }

    private static void plainStatus(RoutingContext rc, int status) {
        if (status == HTTP_TOO_LARGE) {
            // an xhr_send body past the limit: the HTTP transports' "message too big"
            AppMetrics.refused(AppMetrics.BRIDGE, Failure.TOO_LARGE);
        }
        if (!rc.response().ended()) {
            rc.response().setStatusCode(status).end();
        }
    }
}
