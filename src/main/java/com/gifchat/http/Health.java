package com.gifchat.http;

import com.gifchat.bus.Addresses;
import com.gifchat.bus.Bus;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

import java.util.function.BooleanSupplier;

/**
 * What operators watch. {@code GET /health}: the process serves (liveness). {@code GET /ready}: this node takes
 * people (it is not draining), its store reaches the database and, clustered, the cluster is safe (readiness); both
 * answer JSON naming each check, 503 when one fails. {@code GET /metrics}: Prometheus text, Vert.x's meters and the product's ({@link AppMetrics}).
 */
final class Health {

    private static final long CHECK_TIMEOUT_MS = 1000;

    private Health() {
    }

    static void route(Vertx vertx, Router router, BooleanSupplier draining) {
        HealthCheckHandler liveness = HealthCheckHandler.create(vertx)
            .register("process", promise -> promise.complete(Status.OK()));
        // a draining node is alive but takes nobody new: a load balancer stops sending it people
        HealthCheckHandler readiness = HealthCheckHandler.create(vertx)
            .register("accepting", promise -> promise.complete(draining.getAsBoolean()
                ? Status.KO(new JsonObject().put("draining", true)) : Status.OK()))
            .register("database", CHECK_TIMEOUT_MS, promise -> database(vertx, promise));
        if (vertx.isClustered()) {
            readiness.register("cluster", CHECK_TIMEOUT_MS, ClusterHealthCheck.createProcedure(vertx));
        }
        router.get("/health").handler(liveness);
        router.get("/ready").handler(readiness);
        router.get("/metrics").handler(AppMetrics.published() ? PrometheusScrapingHandler.create()
            : rc -> rc.response().setStatusCode(404).end("metrics are off: the app was started without them\n"));
    }

    private static void database(Vertx vertx, Promise<Status> promise) {
        Bus.requestLocally(vertx.eventBus(), Addresses.STORE_HEALTH, new JsonObject())
            .onSuccess(health -> {
                JsonObject data = new JsonObject().put("mongodb", health.getString("where"));
                promise.complete(health.getBoolean("up") ? Status.OK(data) : Status.KO(data));
            })
            .onFailure(promise::fail);
    }
}
