package com.gifchat;

import com.gifchat.admin.AdminBridgeVerticle;
import com.gifchat.admin.AdminVerticle;
import com.gifchat.config.AppConfig;
import com.gifchat.config.Setting;
import com.gifchat.http.HttpVerticle;
import com.gifchat.realtime.GatewayVerticle;
import com.gifchat.rooms.RoomsVerticle;
import com.gifchat.store.DatabaseVerticle;
import com.gifchat.store.StoreVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Reads and checks the configuration, then deploys the verticles in order: store, rooms, admin, HTTP, realtime
 * gateway; or,
 * in the database mode, only the embedded database.
 */
public class MainVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(MainVerticle.class);
    private static final int GENERATED_SECRET_BYTES = 32;

    @Override
    public Future<?> start() {
        return AppConfig.load(vertx, config())
            .map(this::withRuntimeSettings)
            .compose(config -> Setting.MODE_DATABASE.equals(Setting.MODE.textIn(config))
                ? deploy(new DatabaseVerticle(), config)
                : deployChat(config));
    }

    private Future<String> deployChat(JsonObject config) {
        return deploy(new StoreVerticle(), config)
                .compose(id -> deploy(new RoomsVerticle(), config))
                .compose(id -> deploy(new AdminVerticle(), config))
                .compose(id -> deploy(new HttpVerticle(), config))
                // several instances share the port, so that fan-out to many sockets runs on several event loops
                .compose(id -> vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(config)
                    .setInstances(Setting.REALTIME_INSTANCES.intIn(config))))
                .compose(id -> deploy(new AdminBridgeVerticle(), config))
                .onSuccess(id -> log.info("gif-chat ready: pages on port {}, realtime on port {}{}",
                    Setting.HTTP_PORT.intIn(config), Setting.REALTIME_PORT.intIn(config), vertx.isClustered() ? ", clustered" : ""));
    }

    private JsonObject withRuntimeSettings(JsonObject config) {
        if (Setting.SECURITY_SECRET.textIn(config).isBlank() && !Setting.MODE_DATABASE.equals(Setting.MODE.textIn(config))) {
            log.warn("security.secret is not set: using a random one, so admissions end when this process does; "
                + "set GIFCHAT_SECRET (the same on every node of a cluster) to keep them");
            byte[] secret = new byte[GENERATED_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            config.put(Setting.SECURITY_SECRET.key(), HexFormat.of().formatHex(secret));
        }
        if (Setting.REALTIME_INSTANCES.intIn(config) == Setting.ONE_PER_CORE) {
            config.put(Setting.REALTIME_INSTANCES.key(), Runtime.getRuntime().availableProcessors());
        }
        return config.put(Setting.NODE_ID, UUID.randomUUID().toString());
    }

    private Future<String> deploy(VerticleBase verticle, JsonObject config) {
        return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
    }
}
