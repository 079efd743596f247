package com.gifchat.realtime;

import com.gifchat.config.Setting;
import com.gifchat.identity.Tickets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
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

    private HttpServer server;

    @Override
    public Future<?> start() {
        String node = config().getString(Setting.NODE_ID);
        Tickets tickets = Tickets.of(vertx, config());
        BridgeGuard guard = new BridgeGuard(vertx, tickets, node, Setting.REALTIME_LEAVE_DELAY_MS.intIn(config()));
        PlainSockets plainSockets = new PlainSockets(vertx, node, Setting.REALTIME_WS_HEARTBEAT_MS.intIn(config()));

        SockJSBridgeOptions permissions = new SockJSBridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress(CHAT_SEND))
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(ROOM_ADDRESS_PATTERN))
            .addOutboundPermitted(new PermittedOptions().setAddress(ROOM_EVENTS));
        SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setLibraryURL(SOCKJS_LIBRARY));

        Router router = Router.router(vertx);
        router.route("/eventbus/*").subRouter(sockJS.bridge(permissions, guard::handle));
        router.get("/ws").handler(plainSockets::upgrade);
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));

        int maxFrame = Setting.REALTIME_MAX_FRAME_BYTES.intIn(config());
        Future<Void> kicks = vertx.eventBus().<JsonObject>consumer(GATEWAY_KICK, message -> {
            guard.kick(message.body());
            plainSockets.kick(message.body());
        }).completion();

        server = vertx.createHttpServer(new HttpServerOptions()
            .setMaxWebSocketFrameSize(maxFrame)
            .setMaxWebSocketMessageSize(maxFrame));
        return kicks.compose(v -> server.requestHandler(router)
                .listen(Setting.REALTIME_PORT.intIn(config()), Setting.HTTP_HOST.textIn(config())))
            .onSuccess(s -> log.info("realtime gateway listening on port {}", s.actualPort()));
    }
}
