package com.gifchat.cluster;

import com.gifchat.MainVerticle;
import com.gifchat.bus.Addresses;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The jar's entry point: the Vert.x launcher with its whole command line (-cluster, --conf, …), plus Hazelcast
 * configured from conf/cluster.xml, and a goodbye on shutdown so that this node's people leave their rooms at once.
 */
public class GifChatLauncher extends VertxApplication implements VertxApplicationHooks {

    private static final Logger log = LoggerFactory.getLogger(GifChatLauncher.class);
    private static final long GOODBYE_TIMEOUT_MS = 5000;

    public GifChatLauncher(String[] args) {
        super(args);
    }

    public static void main(String[] args) {
        int exitCode = new GifChatLauncher(args).launch();
        if (exitCode != 0) {
            System.exit(exitCode);
        }
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

    /** Runs on the shutdown hook's thread, before anything is undeployed, so waiting here blocks no event loop. */
    @Override
    public void beforeStoppingVertx(HookContext context) {
        try {
            context.vertx().eventBus()
                .request(Addresses.ROOMS_NODE_STOPPING, new JsonObject(), new DeliveryOptions().setLocalOnly(true))
                .await(GOODBYE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("could not take this node's people out of their rooms before stopping: {}", e.getMessage());
        }
    }
}
