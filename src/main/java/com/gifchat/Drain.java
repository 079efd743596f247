package com.gifchat;

import com.gifchat.bus.Bus;
import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

import static com.gifchat.bus.Addresses.*;

/**
 * A node's orderly stop, which the launcher asks for on SIGTERM ({@code node.drain}), within shutdown.drainMs: the
 * pages and gateways refuse newcomers, every connected page hears that the server restarts and is closed a moment
 * later (it reconnects, behind a load balancer to another node, and catches up); then this node's people leave their
 * rooms, and the store finishes the commands it was given. What is not done in time is cut: only acknowledged
 * messages count as stored, and a page sends again whatever was not acknowledged.
 */
final class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** Pages are closed this long after their notice (at most a quarter of the drain), so answers on their way arrive. */
    static final long NOTICE_GRACE_MS = 500;
    /** Kept back from the pages for the goodbye and the store (at most half of the drain). */
    private static final long RESERVE_MS = 2000;
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus bus;
    private final long boundMs;
    private final int gateways;

    private Drain(Vertx vertx, JsonObject config) {
        this.bus = vertx.eventBus();
        this.boundMs = Setting.SHUTDOWN_DRAIN_MS.intIn(config);
        this.gateways = Setting.REALTIME_INSTANCES.intIn(config);
    }

    static Future<Void> serve(Vertx vertx, JsonObject config) {
        Drain drain = new Drain(vertx, config);
        return Bus.serveLocally(vertx.eventBus(), NODE_DRAIN, request -> drain.drain());
    }

    /**
     * The pages may take all but the last part of the time, kept for the goodbye and the store; a step that does not
     * finish in its time is given up, and the next one still runs.
     */
    private Future<JsonObject> drain() {
        long started = System.currentTimeMillis();
        long deadline = started + boundMs;
        long pagesDeadline = deadline - Math.min(boundMs / 2, RESERVE_MS);
        JsonObject done = new JsonObject();
        log.info("draining for at most {} ms: new pages and sockets are refused, connected pages are told to reconnect", boundMs);
        return step(done, "pagesClosed", pagesClosed(), pagesDeadline, "telling and closing the connected pages")
            .compose(v -> step(done, "peopleLeft", Bus.requestLocally(bus, ROOMS_NODE_STOPPING, new JsonObject()), deadline,
                "taking this node's people out of their rooms"))
            .compose(v -> step(done, "storeIdle", Bus.requestLocally(bus, STORE_IDLE, new JsonObject()), deadline,
                "finishing the database commands in flight"))
            .map(v -> {
                long took = System.currentTimeMillis() - started;
                if (done.fieldNames().stream().allMatch(done::getBoolean)) {
                    log.info("drained in {} ms", took);
                } else {
                    log.warn("drained in part within shutdown.drainMs ({} ms) and stopping anyway: {} (pages send again "
                        + "what was not acknowledged); raise shutdown.drainMs if this happens often", boundMs, done.encode());
                }
                return done;
            });
    }

    /** Every gateway instance says when it has told and closed its pages; the pages' server refuses from the start. */
    private Future<Void> pagesClosed() {
        Promise<Void> closed = Promise.promise();
        int[] waiting = {gateways};
        MessageConsumer<JsonObject> drained = bus.localConsumer(NODE_GATEWAY_DRAINED, message -> {
            if (--waiting[0] == 0) {
                closed.tryComplete();
            }
        });
        long graceMs = Math.min(NOTICE_GRACE_MS, boundMs / 4);
        return drained.completion()
            .onSuccess(v -> bus.publish(NODE_DRAINING, new JsonObject().put("closeAfterMs", graceMs), LOCAL))
            .compose(v -> closed.future())
            .eventually(drained::unregister);
    }

    /** Records in {@code done} whether the step finished by the deadline; never fails, so the next step runs. */
    private static Future<Void> step(JsonObject done, String name, Future<?> step, long deadline, String what) {
        long left = deadline - System.currentTimeMillis();
        Future<?> bounded = left > 0 ? step.timeout(left, TimeUnit.MILLISECONDS) : Future.failedFuture("no time left");
        return bounded.transform(result -> {
            done.put(name, result.succeeded());
            if (result.failed()) {
                log.info("{} did not finish in time: {}", what, result.cause().getMessage());
            }
            return Future.succeededFuture();
        });
    }
}
