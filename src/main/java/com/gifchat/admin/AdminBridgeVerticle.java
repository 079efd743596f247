package com.gifchat.admin;

import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Pattern;

import static com.gifchat.bus.Addresses.ADMIN_PREFIX;

/**
 * The admin addresses for scripts in any language: the TCP event-bus bridge (length-prefixed JSON frames), on
 * loopback by default, permitting only admin.* and requiring the admin token on every frame. Off unless a token is
 * configured. A {@link FrameGuard} in front of the stock bridge limits frame sizes and answers malformed frames; the
 * stock bridge itself listens only on a Unix socket in the data folder.
 */
public class AdminBridgeVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(AdminBridgeVerticle.class);
    private static final String INTERNAL_SOCKET = "admin-bridge.sock";
    /** Operations are requests: a publish would run on every node and answer nobody, and nothing is subscribed to. */
    private static final Set<BridgeEventType> REFUSED = Set.of(BridgeEventType.PUBLISH, BridgeEventType.REGISTER);

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
            new NetServerOptions(),
            this::authorize);
        toBridge = vertx.createNetClient();
        front = vertx.createNetServer();
        // the stock bridge listens only on a Unix socket in the data folder: no TCP client can skip the guard
        SocketAddress internal = SocketAddress.domainSocketAddress(
            Path.of(Setting.DATA_DIR.textIn(config()), INTERNAL_SOCKET).toAbsolutePath().toString());
        return vertx.fileSystem().mkdirs(Setting.DATA_DIR.textIn(config()))
            .compose(v -> vertx.fileSystem().delete(internal.path()).otherwiseEmpty())
            .compose(v -> bridge.listen(internal))
            .compose(listening -> front.connectHandler(client -> connect(client, internal, maxFrame))
                .listen(Setting.ADMIN_PORT.intIn(config()), Setting.ADMIN_HOST.textIn(config())))
            .onSuccess(server -> log.info("TCP admin bridge listening on {}:{}", Setting.ADMIN_HOST.textIn(config()), server.actualPort()));
    }

    private void connect(NetSocket client, SocketAddress internal, int maxFrame) {
        client.pause();
        toBridge.connect(internal)
            .onSuccess(upstream -> FrameGuard.join(client, upstream, maxFrame))
            .onFailure(error -> client.close());
    }

    /** Every send must carry the token; it is taken off (with the guard's client note) before it goes on the bus. */
    private void authorize(BridgeEvent event) {
        if (REFUSED.contains(event.type())) {
            event.complete(false);
            return;
        }
        if (event.type() != BridgeEventType.SEND) {
            event.complete(true);
            return;
        }
        JsonObject frame = event.getRawMessage();
        JsonObject headers = frame.getJsonObject("headers", new JsonObject());
        Object given = headers.remove("token");
        Object client = headers.remove(FrameGuard.CLIENT_HEADER);
        boolean valid = given instanceof String text && MessageDigest.isEqual(token, text.getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            log.warn("admin bridge: refused a request to {} from {}: {} token", frame.getString("address"), client,
                given == null ? "no" : "a wrong");
        }
        event.complete(valid);
    }

}
