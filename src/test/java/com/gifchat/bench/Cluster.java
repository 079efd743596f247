package com.gifchat.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A local gif-chat cluster for the benchmark: {@code nodes} clustered nodes (Hazelcast on loopback, a cluster name of
 * their own) on one database process (gif-chat's database mode: its file store behind the MongoDB wire protocol),
 * as scripts/cluster-start.sh runs one. Its figures add up every process, the database's included.
 */
final class Cluster {

    private Cluster() {
    }

    static Server start(int nodes, Map<String, String> env) throws IOException {
        int databasePort = Server.freePort();
        Map<String, String> databaseEnv = new HashMap<>(env);
        databaseEnv.put("GIFCHAT_MODE", "database");
        databaseEnv.put("EMBEDDED_PORT", String.valueOf(databasePort));
        Server database = Server.start(Server.Kind.GIF_CHAT, databaseEnv);
        List<Integer> hazelcastPorts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            hazelcastPorts.add(Server.freePort());
        }
        Map<String, String> shared = new HashMap<>(env);
        shared.put("MONGO_URI", "mongodb://127.0.0.1:" + databasePort);
        shared.put("CLUSTER_NAME", "gif-chat-bench-" + UUID.randomUUID());
        shared.put("CLUSTER_MEMBERS", hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        List<Map<String, String>> nodeEnvs = new ArrayList<>();
        for (int port : hazelcastPorts) {
            Map<String, String> node = new HashMap<>(shared);
            node.put("CLUSTER_PORT", String.valueOf(port));
            nodeEnvs.add(node);
        }
        return Server.cluster(nodeEnvs, database);
    }
}
