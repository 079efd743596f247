package com.gifchat.admin;

import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Pattern;

import static com.gifchat.bus.Addresses.ADMIN_PREFIX;

/**
 * The admin addresses for scripts in any language: the TCP event-bus bridge (length-prefixed JSON frames), on
 * loopback by default, permitting only admin.* and requiring the admin token on every frame. Off unless a token is
 * configured. A {@link FrameGuard} in front of the stock bridge limits frame sizes and answers malformed frames.
 */
public class AdminBridgeVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(AdminBridgeVerticle.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<BridgeEventType> NEED_TOKEN = Set.of(BridgeEventType.SEND, BridgeEventType.PUBLISH, BridgeEventType.REGISTER);

    private byte[] token;
    private TcpEventBusBridge bridge;
    private NetServer front;
    // kept referenced: Vert.x 5 closes clients nothing refers to
    private NetClient toBridge;

    @Override
    public Future<?> start() {
        String configured = Setting.ADMIN_TOKEN.textIn(config());
        if (configured.isBlank()) {
            log.info("the TCP admin bridge is off: set ADMIN_TOKEN (admin.token) to turn it on, on port {}", Setting.ADMIN_PORT.intIn(config()));
            return Future.succeededFuture();
        }
        token = configured.getBytes(StandardCharsets.UTF_8);
        int maxFrame = Setting.ADMIN_MAX_FRAME_BYTES.intIn(config());
        bridge = TcpEventBusBridge.create(vertx,
            new BridgeOptions().addInboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(ADMIN_PREFIX) + ".+")),
            new NetServerOptions().setHost(LOOPBACK),
            this::authorize);
        toBridge = vertx.createNetClient();
        front = vertx.createNetServer();
        // the stock bridge has no port getter, so this verticle picks the loopback port it listens on
        return vertx.executeBlocking(AdminBridgeVerticle::freeLoopbackPort)
            .compose(internal -> bridge.listen(internal, LOOPBACK).map(internal))
            .compose(internal -> front.connectHandler(client -> connect(client, internal, maxFrame))
                .listen(Setting.ADMIN_PORT.intIn(config()), Setting.ADMIN_HOST.textIn(config())))
            .onSuccess(server -> log.info("TCP admin bridge listening on {}:{}", Setting.ADMIN_HOST.textIn(config()), server.actualPort()));
    }

    private void connect(NetSocket client, int internalPort, int maxFrame) {
        client.pause();
        toBridge.connect(internalPort, LOOPBACK)
            .onSuccess(upstream -> FrameGuard.join(client, upstream, maxFrame))
            .onFailure(error -> client.close());
    }

    /** Every frame that acts must carry the token; it is taken off before the frame goes on the bus. */
    private void authorize(BridgeEvent event) {
        if (!NEED_TOKEN.contains(event.type())) {
            event.complete(true);
            return;
        }
        JsonObject frame = event.getRawMessage();
        Object headers = frame.getValue("headers");
        Object given = headers instanceof JsonObject json ? json.remove("token") : null;
        boolean valid = given instanceof String text && MessageDigest.isEqual(token, text.getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            log.warn("admin bridge: refused {} to {} from {}: {} token", event.type(), frame.getString("address"),
                event.socket().remoteAddress(), given == null ? "no" : "a wrong");
        }
        event.complete(valid);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return probe.getLocalPort();
        }
    }
}
