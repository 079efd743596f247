package com.gifchat.cluster;

import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Clustered Vert.x instances in the test's own JVM, on the production Hazelcast configuration (conf/cluster.xml),
 * on free ports and a cluster name of their own. Closing closes them, the last started first.
 */
public final class InJvmCluster implements AutoCloseable {

    private static final long START_S = 90;

    private final List<Vertx> nodes = new ArrayList<>();

    private InJvmCluster() {
    }

    /** Starts {@code count} nodes one after the other, so that each joins the first's cluster. */
    public static InJvmCluster start(String name, int count) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(TestApp.freePort());
        }
        Map<String, String> env = Map.of(
            "CLUSTER_NAME", "gif-chat-" + name + "-" + UUID.randomUUID(),
            "CLUSTER_MEMBERS", ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        InJvmCluster cluster = new InJvmCluster();
        try {
            for (int port : ports) {
                cluster.nodes.add(clustered(env, port));
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public Vertx node(int index) {
        return nodes.get(index);
    }

    private static Vertx clustered(Map<String, String> env, int port) throws Exception {
        Map<String, String> own = new HashMap<>(env);
        own.put("CLUSTER_PORT", String.valueOf(port));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(ClusterSettings.LOOPBACK);
        return Vertx.builder().with(options)
            .withClusterManager(new HazelcastClusterManager(ClusterSettings.hazelcast(own)))
            .buildClustered()
            .await(START_S, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close().await(START_S, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("a node did not close", e);
        } finally {
            nodes.clear();
        }
    }
}
