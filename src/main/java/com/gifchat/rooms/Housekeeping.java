package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * This node's heartbeat, the sweep of connections whose node died, and the removal of rooms that stayed empty.
 *
 * <p>An outage of the database is not a death. Every node's heartbeat stops while the database is away, so once it
 * is back every record looks stale at once: a node sweeps, and reaps, only after its own heartbeats have gone through
 * without a break for a whole node timeout (for the reaper, a whole grace period), by which time every live node has
 * recorded itself again. A node missing from the records then missed its beats while the database answered: it died.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final long NOT_BEATING = -1;

    private final Vertx vertx;
    private final String node;
    private final long nodeTimeoutMs;
    private final long emptyGraceMs;
    private final Function<JsonObject, Future<JsonObject>> leave;
    private final Consumer<String> removed;
    private long beatingSince = NOT_BEATING;
    private boolean everBeat;
    private boolean stopped;

    /**
     * {@code leave} takes a stale connection out of its room with the usual notices; {@code removed} announces a room
     * the reaper removed.
     */
    Housekeeping(Vertx vertx, JsonObject config, Function<JsonObject, Future<JsonObject>> leave, Consumer<String> removed) {
        this.vertx = vertx;
        this.node = config.getString(Setting.NODE_ID);
        this.nodeTimeoutMs = Setting.PRESENCE_NODE_TIMEOUT_MS.intIn(config);
        this.emptyGraceMs = Setting.ROOMS_EMPTY_GRACE_MS.intIn(config);
        this.leave = leave;
        this.removed = removed;
        vertx.setPeriodic(1, Setting.PRESENCE_HEARTBEAT_MS.intIn(config), id -> beat());
        vertx.setPeriodic(Setting.ROOMS_REAP_INTERVAL_MS.intIn(config), id -> reap());
    }

    private void beat() {
        if (stopped) {
            return;
        }
        store(STORE_NODE_BEAT, new JsonObject().put("node", node).put("at", now()))
            .onSuccess(reply -> {
                if (stopped) {
                    // a beat answered after the goodbye forgot this node: it is unknown because it is leaving
                    return;
                }
                long now = now();
                if (beatingSince == NOT_BEATING) {
                    beatingSince = now;
                }
                if (everBeat && !reply.getBoolean("known", true)) {
                    // the others judged this node dead (it could not beat while they could): its sockets record again
                    log.warn("this node was taken for dead while it could not reach the database; its connections rejoin "
                        + "their rooms. If this repeats, look at the database's availability, or raise presence.nodeTimeoutMs");
                    vertx.eventBus().publish(GATEWAY_REJOIN, new JsonObject(), new DeliveryOptions().setLocalOnly(true));
                }
                everBeat = true;
                if (now - beatingSince >= nodeTimeoutMs) {
                    sweep();
                }
            })
            // the store has said, once, that the database is away; nobody is judged dead meanwhile
            .onFailure(error -> beatingSince = NOT_BEATING);
    }

    /**
     * Connections of a node that stopped beating (killed, crashed, or this one before a restart) leave their rooms,
     * with the usual notices. Every node sweeps; a leave is idempotent and announced only by whoever made it.
     */
    private void sweep() {
        store(STORE_NODE_SWEEP, new JsonObject().put("deadBefore", now() - nodeTimeoutMs))
            .onSuccess(reply -> reply.getJsonArray("stale").stream().map(JsonObject.class::cast).forEach(stale -> leave.apply(stale)
                .onSuccess(left -> log.info("removed a connection of a dead node from room {}", stale.getString("roomId")))));
    }

    /** Rooms are removed only after a whole grace period of a reachable database, so an outage never removes one. */
    private void reap() {
        if (stopped || beatingSince == NOT_BEATING || now() - beatingSince < emptyGraceMs) {
            return;
        }
        store(STORE_ROOM_REAP, new JsonObject().put("emptyBefore", now() - emptyGraceMs))
            .onSuccess(reply -> reply.getJsonArray("removed").forEach(id -> {
                log.info("room {} removed after staying empty for {} ms", id, emptyGraceMs);
                removed.accept((String) id);
            }))
            .onFailure(error -> log.debug("could not remove empty rooms: {}", error.getMessage()));
    }

    /** This node is going away: its people leave their rooms now, not when its heartbeat is missed. */
    Future<Integer> stopping() {
        stopped = true;
        return store(STORE_NODE_FORGET, new JsonObject().put("node", node))
            .compose(v -> store(STORE_NODE_SWEEP, new JsonObject().put("deadBefore", now() - nodeTimeoutMs)))
            .compose(reply -> Future.all(reply.getJsonArray("stale").stream().map(JsonObject.class::cast).map(leave).toList()))
            .map(left -> left.size());
    }

    private Future<JsonObject> store(String address, JsonObject request) {
        return Bus.requestLocally(vertx.eventBus(), address, request);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
