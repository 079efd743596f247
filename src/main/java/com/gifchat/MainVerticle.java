package com.gifchat;

import com.gifchat.admin.AdminBridgeVerticle;
import com.gifchat.admin.AdminVerticle;
import com.gifchat.bus.Addresses;
import com.gifchat.bus.Bus;
import com.gifchat.config.AppConfig;
import com.gifchat.config.Setting;
import com.gifchat.http.HttpVerticle;
import com.gifchat.realtime.GatewayVerticle;
import com.gifchat.rooms.RoomsVerticle;
import com.gifchat.store.StoreVerticle;
import com.gifchat.store.embedded.DatabaseVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Reads and checks the configuration, then deploys the verticles: store, rooms and admin in that order, and beside
 * them HTTP, the realtime gateway and the admin bridge; or, in the database mode, only the embedded database.
 */
public class MainVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(MainVerticle.class);
    private static final long STORE_POLL_MS = 100;

    @Override
    public Future<?> start() {
        return AppConfig.load(vertx, config())
            .map(this::withRuntimeSettings)
            .compose(config -> Setting.MODE_DATABASE.equals(Setting.MODE.textIn(config))
                ? deploy(new DatabaseVerticle(), config).<Void>mapEmpty()
                : deployChat(config));
    }

    /**
     * The domain (store, rooms, admin) and the edge (pages, realtime gateway, admin bridge) start side by side: the
     * edge needs nothing from the domain to listen, and until the domain's consumers exist it answers that the chat
     * is unavailable (503), as it does whenever the store is away. Connecting the store is most of a start.
     */
    private Future<Void> deployChat(JsonObject config) {
        Future<String> domain = deploy(new StoreVerticle(), config)
                .compose(id -> deploy(new RoomsVerticle(), config))
                .compose(id -> deploy(new AdminVerticle(), config));
        Future<String> edge = deploy(new HttpVerticle(), config)
                // several instances share the port, so that fan-out to many sockets runs on several event loops
                .compose(id -> vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(config)
                    .setInstances(Setting.REALTIME_INSTANCES.intIn(config))))
                .compose(id -> deploy(new AdminBridgeVerticle(), config));
        return Future.all(domain, edge)
                .compose(v -> Drain.serve(vertx, config))
                .onSuccess(v -> whenStoreIsUp(() -> log.info(ReadyLine.of(vertx, config))));
    }

    /** Everything listens at once; the chat is ready when the database first answers, however long that takes. */
    private void whenStoreIsUp(Runnable ready) {
        vertx.setPeriodic(STORE_POLL_MS, timer -> Bus.requestLocally(vertx.eventBus(), Addresses.STORE_HEALTH, new JsonObject())
            .onSuccess(health -> {
                if (health.getBoolean("up") && vertx.cancelTimer(timer)) {
                    ready.run();
                }
            }));
    }

    private JsonObject withRuntimeSettings(JsonObject config) {
        if (Setting.REALTIME_INSTANCES.intIn(config) == Setting.ONE_PER_CORE) {
            config.put(Setting.REALTIME_INSTANCES.key(), Runtime.getRuntime().availableProcessors());
        }
        // the launcher names the node first, so that its log lines carry the same id (GifChatLauncher)
        String nodeId = config().getString(Setting.NODE_ID);
        return config.put(Setting.NODE_ID, nodeId != null ? nodeId : UUID.randomUUID().toString());
    }

    private Future<String> deploy(VerticleBase verticle, JsonObject config) {
        return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
    }
}
