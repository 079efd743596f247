package com.gifchat.cluster;

import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Clustered Vert.x instances in the test's own JVM, on the production Hazelcast configuration (conf/cluster.xml),
 * on free ports and a cluster name of their own: a test class's extension, started before its tests, each node
 * joining the first's cluster, and closed after them, the last started first.
 */
public final class InJvmCluster implements BeforeAllCallback, AfterAllCallback {

    private static final long START_S = 90;

    private final String name;
    private final int count;
    private final List<Vertx> nodes = new ArrayList<>();

    private InJvmCluster(String name, int count) {
        this.name = name;
        this.count = count;
    }

    /** {@code count} nodes for the test class, in a cluster named after {@code name}. */
    public static InJvmCluster of(String name, int count) {
        return new InJvmCluster(name, count);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(TestApp.freePort());
        }
        Map<String, String> env = Map.of(
            "CLUSTER_NAME", "gif-chat-" + name + "-" + UUID.randomUUID(),
            "CLUSTER_MEMBERS", ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        for (int port : ports) {
            nodes.add(clustered(env, port));
        }
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
    public void afterAll(ExtensionContext context) {
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
