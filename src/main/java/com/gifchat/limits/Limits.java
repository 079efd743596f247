package com.gifchat.limits;

import com.gifchat.config.Setting;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.EnumMap;
import java.util.Map;

/**
 * The rate limits of one node, shared by all its verticles (get it with {@link #forNode}): token buckets (Bucket4j)
 * per person, per connection and per client address. Limits that one node's view cannot hold (room creation,
 * password guesses) count in the Hazelcast cluster when the node is clustered. The rates are settings (see
 * {@link Limit}); a refusal is a {@link RateLimited} failure that says how long to wait.
 *
 * <p>Node-wide limits answer at once with a {@link Verdict}, so a gateway can check every frame without a future;
 * the cluster-wide ones answer with a future.
 */
public final class Limits implements Shareable {

    private static final String SHARED_MAP = "gifchat.limits";

    private final Map<Limit, Rates> rates = new EnumMap<>(Limit.class);
    private final Map<Limit, LocalBuckets> local = new EnumMap<>(Limit.class);
    private final ClusterBuckets cluster;

    Limits(Vertx vertx, JsonObject config, Ticker ticker) {
        long maxBuckets = Setting.LIMITS_LOCAL_BUCKETS.intIn(config);
        for (Limit limit : Limit.values()) {
            Rates limitRates = Rates.of(limit.setting().textIn(config));
            rates.put(limit, limitRates);
            local.put(limit, new LocalBuckets(limit, limitRates, maxBuckets, ticker));
        }
        cluster = vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast
            ? new ClusterBuckets(vertx, hazelcast.getHazelcastInstance())
            : null;
    }

    /**
     * This node's limits: made by the first verticle that asks, then shared, so that every gateway instance and the
     * pages take from the same buckets. Keyed by the node id, so that apps deployed side by side on one Vert.x (as
     * tests do) each have their own.
     */
    public static Limits forNode(Vertx vertx, JsonObject config) {
        return vertx.sharedData().<String, Limits>getLocalMap(SHARED_MAP)
            .computeIfAbsent(config.getString(Setting.NODE_ID, ""), node -> new Limits(vertx, config, Ticker.systemTicker()));
    }

    /** A person's chat message (bridge `send` to chat.send, /ws `send`); key: the person's id. */
    public Verdict chatSend(String personId) {
        return check(Limit.CHAT_SEND, personId);
    }

    /** A room registration on one bridge socket or /ws connection; key: that connection's id. */
    public Verdict registration(String connectionId) {
        return check(Limit.REGISTRATION, connectionId);
    }

    /** A new bridge socket or /ws connection; key: the client address ({@link TrustedProxies#clientOf}). */
    public Verdict newSocket(String clientAddress) {
        return check(Limit.NEW_SOCKET, clientAddress);
    }

    /** An image upload; key: the person's id. */
    public Verdict upload(String personId) {
        return check(Limit.UPLOAD, personId);
    }

    /** A new room, counted against the person and their address; fails with {@link RateLimited} when refused. */
    public Future<Void> roomCreation(String personId, String clientAddress) {
        return take(Limit.ROOMS_BY_PERSON, personId).compose(v -> take(Limit.ROOMS_BY_ADDRESS, clientAddress));
    }

    /**
     * A password attempt at a room, counted against the address first (so that one address cannot use up the
     * room's own allowance beyond its own) and then the room, whoever tries.
     */
    public Future<Void> passwordGuess(String roomId, String clientAddress) {
        return take(Limit.PASSWORDS_BY_ADDRESS, clientAddress).compose(v -> take(Limit.PASSWORDS_BY_ROOM, roomId));
    }

    /** Any limit, on this node's buckets or the cluster's as the limit says; fails with {@link RateLimited}. */
    public Future<Void> take(Limit limit, String key) {
        if (limit.scope() == Limit.Scope.CLUSTER && cluster != null) {
            return cluster.take(limit, rates.get(limit), key).compose(Verdict::future);
        }
        return local.get(limit).take(key).future();
    }

    /** A node-wide limit, answered at once. */
    public Verdict check(Limit limit, String key) {
        if (limit.scope() != Limit.Scope.NODE) {
            throw new IllegalArgumentException(limit + " counts across the cluster: use take()");
        }
        return local.get(limit).take(key);
    }

    /** Buckets this node holds for {@code limit} now. */
    long localBuckets(Limit limit) {
        return local.get(limit).size();
    }
}
