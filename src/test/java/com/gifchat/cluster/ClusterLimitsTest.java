package com.gifchat.cluster;

import com.gifchat.config.AppConfig;
import com.gifchat.config.Setting;
import com.gifchat.limits.Limits;
import com.gifchat.limits.RateLimited;
import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two clustered nodes in this JVM, on the production Hazelcast configuration (conf/cluster.xml): the cluster-wide
 * limits share one bucket across the nodes, in the cluster's own Hazelcast, with a time to live; the node-wide ones
 * stay each node's own.
 */
class ClusterLimitsTest {

    private static final String LIMITS_MAP = "gifchat.limits";

    @RegisterExtension
    static final InJvmCluster cluster = InJvmCluster.of("limits", 2);

    private static Vertx a;
    private static Vertx b;
    private static Limits onA;
    private static Limits onB;

    @BeforeAll
    static void limitsOnBothNodes() throws Exception {
        a = cluster.node(0);
        b = cluster.node(1);
        JsonObject settings = new JsonObject()
            .put("limits.roomsPerPerson", "2/1h")
            .put("limits.chatSendsPerPerson", "1/1h");
        onA = Limits.forNode(a, nodeConfig(a, settings));
        onB = Limits.forNode(b, nodeConfig(b, settings));
    }

    private static JsonObject nodeConfig(Vertx node, JsonObject settings) throws Exception {
        return AppConfig.load(node, settings).await(10, TimeUnit.SECONDS).put(Setting.NODE_ID, UUID.randomUUID().toString());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }

    @Test
    void roomsCreatedOnEitherNodeTakeFromOneBucket() throws Exception {
        await(onA.roomCreation("alice", "198.51.100.1"));
        await(onB.roomCreation("alice", "198.51.100.2"));

        Exception onThird = assertThrows(Exception.class, () -> await(onA.roomCreation("alice", "198.51.100.3")));
        Exception onFourth = assertThrows(Exception.class, () -> await(onB.roomCreation("alice", "198.51.100.4")));

        assertInstanceOf(RateLimited.class, onThird);
        assertInstanceOf(RateLimited.class, onFourth);
        assertTrue(((RateLimited) onFourth).retryAfterSeconds() > 60);
        await(onB.roomCreation("bob", "198.51.100.4"));
    }

    @Test
    void theSharedBucketsLiveInTheClustersHazelcastAndExpire() throws Exception {
        await(onA.roomCreation("carol", "198.51.100.5"));

        IMap<String, byte[]> map = hazelcastOf(b).getMap(LIMITS_MAP);
        EntryView<String, byte[]> carol = map.getEntryView("rooms-person:carol");
        assertNotNull(carol, "the other node sees the bucket: " + map.keySet());
        assertTrue(carol.getTtl() > 0 && carol.getTtl() <= TimeUnit.HOURS.toMillis(1) + TimeUnit.SECONDS.toMillis(10),
            "an idle bucket leaves the map once it is full again: ttl " + carol.getTtl());
    }

    @Test
    void nodeWideLimitsStayEachNodesOwn() {
        assertTrue(onA.chatSend("dave").allowed());
        assertFalse(onA.chatSend("dave").allowed());

        assertTrue(onB.chatSend("dave").allowed(), "a node counts the sends of its own sockets");
    }

    private static com.hazelcast.core.HazelcastInstance hazelcastOf(Vertx node) {
        return ((HazelcastClusterManager) ((VertxInternal) node).clusterManager()).getHazelcastInstance();
    }
}
