package com.gifchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clustered nodes of the packaged jar as separate processes, on free ports, sharing the jar's database-only mode as
 * their store: the set-up of the cluster integration tests. Closing it kills every process it started.
 */
public final class LocalCluster implements AutoCloseable {

    /** One node: its process and where it serves pages, the realtime gateway and (with ADMIN_TOKEN) the admin bridge. */
    public record Node(AppProcess process, int httpPort, int realtimePort, int adminPort) {
    }

    private final List<AppProcess> processes = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private AppProcess database;
    private Path work;
    private Map<String, String> shared;

    private LocalCluster() {
    }

    /**
     * Starts the database and {@code count} nodes, one after the other so that each joins the first's cluster;
     * {@code environment} is given to every node, after the cluster's own settings.
     */
    public static LocalCluster start(String name, int count, Map<String, String> environment) {
        LocalCluster cluster = new LocalCluster();
        try {
            Path work = Files.createTempDirectory("gifchat-" + name);
            cluster.work = work;
            int dbPort = TestApp.freePort();
            AppProcess db = AppProcess.launchJar(work, Map.of("GIFCHAT_MODE", "database", "EMBEDDED_PORT", String.valueOf(dbPort),
                "EMBEDDED_STORAGE", "memory", "DATA_DIR", work.resolve("db").toString()), AppProcess.DATABASE_READY);
            cluster.processes.add(db);
            cluster.database = db;
            db.awaitReady();
            List<Integer> hazelcastPorts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                hazelcastPorts.add(TestApp.freePort());
            }
            Map<String, String> shared = new HashMap<>(Map.of(
                "MONGO_URI", "mongodb://127.0.0.1:" + dbPort,
                "GIFCHAT_SECRET", name + "-test-secret",
                "CLUSTER_NAME", "gif-chat-" + name + "-" + UUID.randomUUID(),
                "CLUSTER_MEMBERS", String.join(",", hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).toList()),
                "REALTIME_LEAVE_DELAY_MS", "0"));
            shared.putAll(environment);
            cluster.shared = shared;
            for (int i = 0; i < count; i++) {
                cluster.startNode(hazelcastPorts.get(i));
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more node, as the others are: it joins their cluster through the members they list. */
    public Node addNode() {
        try {
            return startNode(TestApp.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Node startNode(int hazelcastPort) throws IOException {
        Path dataDir = work.resolve("node" + nodes.size());
        int httpPort = TestApp.freePort();
        int realtimePort = TestApp.freePort();
        int adminPort = TestApp.freePort();
        Map<String, String> env = new HashMap<>(shared);
        env.putAll(Map.of("HTTP_PORT", String.valueOf(httpPort), "REALTIME_PORT", String.valueOf(realtimePort),
            "ADMIN_PORT", String.valueOf(adminPort), "DATA_DIR", dataDir.toString(), "CLUSTER_PORT", String.valueOf(hazelcastPort)));
        Files.createDirectories(dataDir);
        AppProcess process = AppProcess.launchJar(dataDir, env, AppProcess.READY, "-cluster");
        processes.add(process);
        process.awaitReady();
        Node node = new Node(process, httpPort, realtimePort, adminPort);
        nodes.add(node);
        return node;
    }

    /** The database-only process every node stores in: a test can stop and continue it (SIGSTOP, SIGCONT). */
    public AppProcess database() {
        return database;
    }

    /** Keeps what every process printed in target/it-logs, {@code name}-0.log (the database) and on, node by node. */
    public void writeLogs(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        for (int i = 0; i < processes.size(); i++) {
            Files.write(logs.resolve(name + "-" + i + ".log"), processes.get(i).output());
        }
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        processes.forEach(AppProcess::close);
    }
}
