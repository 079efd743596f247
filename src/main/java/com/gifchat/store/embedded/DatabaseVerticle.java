package com.gifchat.store.embedded;

import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database-only mode: just the embedded MongoDB-wire server, on a fixed loopback port, so that several local
 * chat nodes can share one store without installing MongoDB.
 */
public class DatabaseVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(DatabaseVerticle.class);

    private EmbeddedMongo embedded;

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            embedded = EmbeddedMongo.fromConfig(config());
            String address = embedded.startOnConfiguredPort(config());
            log.info("gif-chat database ready at {} ({}); point chat nodes at it with MONGO_URI", address, embedded.description());
            return address;
        });
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            embedded.stop();
            log.info("embedded MongoDB stopped ({})", embedded.description());
            return null;
        });
    }
}
