package com.gifchat.cluster;

import com.gifchat.MainVerticle;
import com.gifchat.bus.Addresses;
import com.gifchat.config.Setting;
import com.gifchat.config.SettingsHelp;
import com.gifchat.config.StartFailure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The jar's entry point: the Vert.x launcher with its whole command line (-cluster, --conf, …), plus Hazelcast
 * configured from conf/cluster.xml; on SIGTERM a drain (Drain), and otherwise a goodbye on shutdown, so that this
 * node's people leave their rooms at once.
 */
public class GifChatLauncher extends VertxApplication implements VertxApplicationHooks {

    private static final Logger log = LoggerFactory.getLogger(GifChatLauncher.class);
    private static final long GOODBYE_TIMEOUT_MS = 5000;
    private static final long CLOSE_AFTER_FAILURE_MS = 10000;
    /** Undeploying, closing the store and leaving the cluster take seconds; past this something hangs. */
    private static final long STOP_TIMEOUT_MS = 60_000;
    /** Far beyond any sensible shutdown.drainMs: only an event loop that never answers meets it. */
    private static final long DRAIN_BACKSTOP_MS = 600_000;

    private final String nodeId;
    private volatile boolean startFailed;
    private volatile boolean drained;
    private Runnable endOfStart = () -> { };

    public GifChatLauncher(String[] args) {
        this(args, UUID.randomUUID().toString());
    }

    private GifChatLauncher(String[] args, String nodeId) {
        super(args);
        this.nodeId = nodeId;
    }

    public static void main(String[] args) {
        Optional<String> badFormat = LogFormat.problem(System.getenv());
        if (badFormat.isPresent()) {
            System.err.println(badFormat.get());
            System.exit(ExitCodes.USAGE);
        }
        boolean help = isHelp(args);
        String nodeId = UUID.randomUUID().toString();
        LogFormat.nameNode(nodeId);
        int exitCode = new GifChatLauncher(help ? new String[] {"--help"} : args, nodeId).launch();
        if (help) {
            System.out.print(SettingsHelp.text());
        }
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** {@code gif-chat help} as well as the launcher's own --help and -h. */
    static boolean isHelp(String[] args) {
        return args.length > 0 && "help".equals(args[0]) || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    /**
     * The node id that MainVerticle gives its verticles, named here so that every log line can carry it. Without
     * -conf the launcher has no configuration at all (null); an exception here would end the start silently.
     */
    @Override
    public JsonObject afterConfigParsed(JsonObject config) {
        return (config == null ? new JsonObject() : config).put(Setting.NODE_ID, nodeId);
    }

    /**
     * A start refused for a reason the operator fixes in a setting (a port in use, a bad value) ends with that one
     * ERROR line: Vert.x is closed first, quietly, and the process halts without the launcher's stack trace or the
     * shutdown hook's goodbye to rooms that this node never served.
     */
    @Override
    public void afterFailureToDeployVerticle(HookContext context, Throwable failure) {
        Optional<String> reason = StartFailure.messageOf(failure);
        if (reason.isEmpty()) {
            return;
        }
        startFailed = true;
        LogFormat.muteAllBut(GifChatLauncher.class.getName());
        try {
            context.vertx().close().await(CLOSE_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception stillClosing) {
            // the process ends next anyway
        }
        log.error("gif-chat cannot start: {}", reason.get());
        System.out.flush();
        Runtime.getRuntime().halt(ExitCodes.VERTX_DEPLOYMENT);
    }

    @Override
    public Supplier<? extends Deployable> verticleSupplier() {
        return MainVerticle::new;
    }

    /** The cluster manager is only used when the launcher was asked to cluster (-cluster). */
    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
        if (options.getMetricsOptions() == null || !options.getMetricsOptions().isEnabled()) {
            options.setMetricsOptions(AppMetrics.options());
        }
        if (options.getEventBusOptions().getHost() == null) {
            options.getEventBusOptions().setHost(ClusterSettings.host(System.getenv()));
        }
        return Vertx.builder().with(options)
            .withClusterManager(new ConfiguredHazelcast());
    }

    @Override
    public void beforeStartingVertx(HookContext context) {
        endOfStart = LogFormat.quietWhileStarting();
    }

    @Override
    public void afterVerticleDeployed(HookContext context) {
        endOfStart.run();
    }

    /** From here on a SIGTERM (or Ctrl-C) drains the node, stops it in order and ends the process with 0. */
    @Override
    public void afterVertxStarted(HookContext context) {
        SignalStop.install(() -> stop(context.vertx()));
    }

    /**
     * Drains the node (within shutdown.drainMs, see Drain), undeploys everything, leaves the cluster and exits: 0
     * when all of it finished in time. Closing Vert.x here first makes the launcher's own shutdown hook, which
     * System.exit runs, find nothing left to close.
     */
    private void stop(Vertx vertx) {
        log.info("stopping: signal received");
        drain(vertx);
        int exitCode = 0;
        try {
            vertx.close().await(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.error("gif-chat did not stop within {} ms ({}); ending the process anyway", STOP_TIMEOUT_MS, e.toString());
            exitCode = ExitCodes.SOFTWARE;
        }
        System.exit(exitCode);
    }

    /**
     * The drain bounds itself by shutdown.drainMs, on the event loop; the wait here only guards against an event loop
     * that never answers. A node that had not finished starting has nothing to drain (no handler).
     */
    private void drain(Vertx vertx) {
        try {
            JsonObject done = vertx.eventBus().<JsonObject>request(Addresses.NODE_DRAIN, new JsonObject(),
                    new DeliveryOptions().setLocalOnly(true).setSendTimeout(DRAIN_BACKSTOP_MS))
                .await(DRAIN_BACKSTOP_MS, TimeUnit.MILLISECONDS).body();
            // otherwise the goodbye before closing tries again
            drained = done.getBoolean("peopleLeft", false);
        } catch (Exception e) {
            if (!isNobodyThere(e)) {
                log.info("stopping without a drain: {}", e.getMessage());
            }
        }
    }

    /** The database mode, or a start not finished yet: no chat verticles, so no drain and no goodbye to make. */
    private static boolean isNobodyThere(Throwable error) {
        return error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
    }

    /**
     * Runs before anything is undeployed, on the thread that closes Vert.x (a signal's or the shutdown hook's), so
     * waiting here blocks no event loop.
     */
    @Override
    public void beforeStoppingVertx(HookContext context) {
        if (startFailed || drained) {
            // nobody came in (the rooms verticle may not even exist), or the drain took them out already
            return;
        }
        try {
            context.vertx().eventBus()
                .request(Addresses.ROOMS_NODE_STOPPING, new JsonObject(), new DeliveryOptions().setLocalOnly(true))
                .await(GOODBYE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (!isNobodyThere(e)) {
                log.warn("could not take this node's people out of their rooms before stopping ({}); the other nodes' "
                    + "sweep takes them out within presence.nodeTimeoutMs", e.getMessage());
            }
        }
    }
}
