package com.gifchat.admin;

import com.gifchat.config.Setting;
import com.gifchat.config.StartFailure;
import com.gifchat.metrics.AppMetrics;
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
import org.slf4j.event.Level;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static com.gifchat.bus.Addresses.ADMIN_PREFIX;

/**
 * The admin addresses for scripts in any language: the TCP event-bus bridge (length-prefixed JSON frames), on
 * loopback by default, permitting only admin.* and requiring the admin token on every send. Off unless a token is
 * configured. A {@link FrameGuard} per connection in front of the stock bridge checks frames, sizes, tokens and
 * idleness; this verticle caps the number of connections. The stock bridge listens only on a Unix socket in the
 * data folder, so no TCP client can skip the guard.
 */
public class AdminBridgeVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(AdminBridgeVerticle.class);
    private static final String INTERNAL_SOCKET = "admin-bridge.sock";
    /** Operations are requests: a publish would run on every node and answer nobody, and nothing is subscribed to. */
    private static final Set<BridgeEventType> REFUSED = Set.of(BridgeEventType.PUBLISH, BridgeEventType.REGISTER);
    private static final long MINUTE_MS = 60_000;
    /** The refusal counted for a connection over admin.maxConnections. */
    private static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";
    /**
     * The guard closes idle connections politely, with an error frame; a client that does not even read that is
     * cut off by the server's own idle timeout this much later.
     */
    private static final long HARD_IDLE_GRACE_MS = 10_000;

    private FrameGuard.Policy policy;
    private RepeatedEvents refusedConnections;
    private int maxConnections;
    private int connections;
    private TcpEventBusBridge bridge;
    private NetServer front;
    // kept referenced: Vert.x 5 closes clients nothing refers to
    private NetClient toBridge;

    @Override
    public Future<?> start() {
        JsonObject config = config();
        String token = Setting.ADMIN_TOKEN.textIn(config);
        if (token.isBlank()) {
            log.info("the TCP admin bridge is off: set ADMIN_TOKEN (admin.token) to turn it on, on port {}", Setting.ADMIN_PORT.intIn(config));
            return Future.succeededFuture();
        }
        maxConnections = Setting.ADMIN_MAX_CONNECTIONS.intIn(config);
        long idleTimeoutMs = Setting.ADMIN_IDLE_TIMEOUT_MS.intIn(config);
        policy = new FrameGuard.Policy(vertx, Setting.ADMIN_MAX_FRAME_BYTES.intIn(config), idleTimeoutMs,
            new FrameRules(Setting.ADMIN_MAX_REQUEST_TIMEOUT_MS.intIn(config)),
            new TokenGate(token, Setting.ADMIN_TOKEN_FAILURE_DELAY_MS.intIn(config), Setting.ADMIN_TOKEN_FAILURE_MAX_DELAY_MS.intIn(config)),
            new RepeatedEvents(log, Level.WARN, "a wrong or missing admin token", "wrong or missing admin tokens",
                "if no operator of yours is retrying, someone is guessing: keep admin.host on loopback or firewall admin.port,"
                    + " and use a long random ADMIN_TOKEN"),
            new RepeatedEvents(log, Level.INFO, "a connection closed for a frame length out of bounds", "such connections",
                "admin clients stay within admin.maxFrameBytes, so this is likely a web browser or a port scanner"));
        refusedConnections = new RepeatedEvents(log, Level.WARN, "a connection refused at the cap of " + maxConnections,
            "refused connections", "raise admin.maxConnections (ADMIN_MAX_CONNECTIONS) if your scripts need more at once,"
                + " or find the client that keeps its connections open");
        bridge = TcpEventBusBridge.create(vertx,
            new BridgeOptions().addInboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(ADMIN_PREFIX) + ".+")),
            new NetServerOptions(),
            this::authorize);
        toBridge = vertx.createNetClient();
        front = vertx.createNetServer(new NetServerOptions()
            .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutMs + HARD_IDLE_GRACE_MS)).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        vertx.setPeriodic(MINUTE_MS, id -> everyMinute());
        SocketAddress internal = SocketAddress.domainSocketAddress(
            Path.of(Setting.DATA_DIR.textIn(config), INTERNAL_SOCKET).toAbsolutePath().toString());
        return vertx.fileSystem().mkdirs(Setting.DATA_DIR.textIn(config))
            .compose(v -> vertx.fileSystem().delete(internal.path()).otherwiseEmpty())
            .compose(v -> bridge.listen(internal))
            .compose(listening -> front.connectHandler(client -> connect(client, internal))
                .listen(Setting.ADMIN_PORT.intIn(config), Setting.ADMIN_HOST.textIn(config))
                .recover(e -> Future.failedFuture(StartFailure.ifPortInUse(e, Setting.ADMIN_PORT, Setting.ADMIN_PORT.intIn(config)))))
            .onSuccess(server -> log.info("TCP admin bridge listening on {}:{}", Setting.ADMIN_HOST.textIn(config), server.actualPort()));
    }

    private void everyMinute() {
        policy.tokens().sweep(System.nanoTime() / 1_000_000);
        policy.tokenFailures().flush();
        policy.notTheProtocol().flush();
        refusedConnections.flush();
    }

    private void connect(NetSocket client, SocketAddress internal) {
        if (connections >= maxConnections) {
            AppMetrics.refused(AppMetrics.ADMIN, TOO_MANY_CONNECTIONS);
            refusedConnections.record(client.remoteAddress().hostAddress(), "");
            FrameGuard.discardInputAndClose(client, FrameGuard.error("too_many_connections: the admin bridge takes at most "
                + maxConnections + " connections at once; try again later", null));
            return;
        }
        connections++;
        boolean[] gone = {false};
        client.pause();
        client.closeHandler(v -> {
            gone[0] = true;
            connections--;
        });
        toBridge.connect(internal).onComplete(upstream -> {
            if (upstream.failed()) {
                client.close();
            } else if (gone[0]) {
                upstream.result().close();
            } else {
                FrameGuard.join(policy, client, upstream.result(), () -> connections--);
            }
        });
    }

    /**
     * The guard let only frames with the right token through; the token is checked once more (the bridge must not
     * depend on the guard alone) and taken off before the message goes on the bus, so no handler or log sees it.
     */
    private void authorize(BridgeEvent event) {
        if (REFUSED.contains(event.type())) {
            event.complete(false);
            return;
        }
        if (event.type() != BridgeEventType.SEND) {
            event.complete(true);
            return;
        }
        JsonObject headers = event.getRawMessage().getJsonObject("headers", new JsonObject());
        event.complete(policy.tokens().accepts(headers.remove("token")));
    }
}
