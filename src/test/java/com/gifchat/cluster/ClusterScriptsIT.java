package com.gifchat.cluster;

import com.gifchat.config.Setting;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's scripts on the packaged jar: cluster-start.sh starts a database and two nodes, cluster-node.sh
 * status shows each one's PID, ports and readiness, restarts a node that died while the other keeps running, and the
 * restarted node is a member of the cluster again: a person on it chats with a person on the other node.
 */
@ExtendWith(VertxExtension.class)
class ClusterScriptsIT {

    private static final long SCRIPT_TIMEOUT_S = 300;
    private static final int NODES = 2;

    private static Path clusterDir;
    private static Map<String, String> env;
    private static int httpBase;
    private static int realtimeBase;

    @BeforeAll
    static void startTheClusterWithTheScript() throws IOException {
        clusterDir = Files.createTempDirectory("gifchat-cluster-scripts");
        // one more than the cluster starts with: a test adds node 3
        httpBase = TestApp.freePortRun(NODES + 1);
        realtimeBase = TestApp.freePortRun(NODES + 1);
        env = new HashMap<>(Map.of(
            "CLUSTER_DIR", clusterDir.toString(),
            "HTTP_BASE", String.valueOf(httpBase),
            "REALTIME_BASE", String.valueOf(realtimeBase),
            "DB_PORT", String.valueOf(TestApp.freePort()),
            "CLUSTER_NAME", "gif-chat-scripts-it-" + UUID.randomUUID(),
            "CLUSTER_PORT", String.valueOf(TestApp.freePort()),
            Setting.EMBEDDED_STORAGE.env(), Setting.STORAGE_MEMORY,
            Setting.REALTIME_LEAVE_DELAY_MS.env(), "0",
            Setting.ROOMS_MAX_PEOPLE_PER_ADDRESS.env(), "0"));
        // several test people write from one address at a script's pace
        Arrays.stream(Setting.values()).filter(setting -> TestApp.RATE_LIMITS.contains(setting.key()))
            .forEach(setting -> env.put(setting.env(), "off"));

        Run started = script("cluster-start.sh", String.valueOf(NODES));
        assertEquals(0, started.exitCode(), started.output() + logs());
        // Hazelcast's module-system warning (the jar's Add-Opens), its "CP Subsystem … UNSAFE mode": none of it
        for (String name : List.of("db", "node1", "node2")) {
            assertTrue(quiet(name), "a clustered start logs nothing that needs action: " + logs());
        }
    }

    @AfterAll
    static void stopTheCluster() {
        try {
            Run stopped = script("cluster-stop.sh");
            assertEquals(0, stopped.exitCode(), stopped.output());
            assertTrue(quiet("db"), "the database's stop logs nothing that needs action: " + logOf("db"));
        } finally {
            // whatever the script left (it failed, or a test did), goes now
            pids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            deleteQuietly(clusterDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system clears it at some point anyway
        }
    }

    @Test
    void aNodeThatDiedIsRestartedByNumberAndItsPeopleChatWithTheOtherNodeAgain(Vertx vertx) throws Exception {
        Run before = script("cluster-node.sh", "status");
        assertEquals(0, before.exitCode(), before.output());
        for (int node = 1; node <= NODES; node++) {
            assertTrue(statusLine(before, node).matches("node " + node + " +" + pids().get("node" + node) + " +running +"
                + (httpBase + node - 1) + " +" + (realtimeBase + node - 1) + " +\\d+ +ready"), before.output());
        }

        long died = pids().get("node2");
        ProcessHandle dying = ProcessHandle.of(died).orElseThrow();
        dying.destroyForcibly();
        dying.onExit().get(60, TimeUnit.SECONDS);
        // the survivor takes over the dead member's share of cluster data, then reports ready again
        Run afterDeath = statusOnceTrue(status -> statusLine(status, 1).endsWith(" ready"));
        assertEquals(1, afterDeath.exitCode(), afterDeath.output());
        assertTrue(statusLine(afterDeath, 2).matches("node 2 +- +stopped .*"), afterDeath.output());

        Run restarted = script("cluster-node.sh", "restart", "2");
        assertEquals(0, restarted.exitCode(), restarted.output() + logs());
        Run after = script("cluster-node.sh", "status");
        assertEquals(0, after.exitCode(), after.output());
        long second = pids().get("node2");
        assertTrue(second != died && statusLine(after, 2).matches("node 2 +" + second + " +running .* ready"), after.output());

        HttpSession alice = new HttpSession(vertx, httpBase);
        HttpSession bob = new HttpSession(vertx, httpBase + 1);
        String room = alice.createRoom("Back again");
        try (BridgeClient aliceOnOne = BridgeClient.connect(vertx, realtimeBase);
             BridgeClient bobOnTwo = BridgeClient.connect(vertx, realtimeBase + 1)) {
            aliceOnOne.enter(room, alice.ticketFor(room));
            bobOnTwo.enter(room, bob.ticketFor(room));
            aliceOnOne.nextOn("room." + room, body -> "joined".equals(body.getString("event")));

            JsonObject ack = bobOnTwo.request("chat.send", new JsonObject().put("roomId", room).put("text", "from the restarted node"));
            assertEquals("rec", ack.getString("type"), ack.encode());
            assertEquals(bob.colour(), aliceOnOne.nextOn("room." + room,
                body -> "from the restarted node".equals(body.getString("text"))).getString("colour"));
            aliceOnOne.request("chat.send", new JsonObject().put("roomId", room).put("text", "welcome back"));
            assertEquals(alice.colour(), bobOnTwo.nextOn("room." + room,
                body -> "welcome back".equals(body.getString("text"))).getString("colour"));
        }
    }

    @Test
    void stoppingOneNodeByNumberLeavesTheOthersRunning() throws Exception {
        Run started = script("cluster-node.sh", "start", "3");
        assertEquals(0, started.exitCode(), started.output() + logs());
        long third = pids().get("node3");

        Run stopped = script("cluster-node.sh", "stop", "3");

        assertEquals(0, stopped.exitCode(), stopped.output());
        assertTrue(stopped.output().contains("node 3: stopped"), stopped.output());
        assertFalse(ProcessHandle.of(third).map(ProcessHandle::isAlive).orElse(false), "node 3 ended");
        assertFalse(stopped.output().contains("killing it"), "stopped by SIGTERM within the time: " + stopped.output());
        assertTrue(logOf("node3").contains("stopping: signal received") && logOf("node3").contains("drained in"), logOf("node3"));
        assertTrue(quiet("node3"), "a drained stop, leaving the cluster, logs nothing that needs action: " + logOf("node3"));
        assertTrue(pids().containsKey("node1") && pids().containsKey("db"), pids().toString());
    }

    private static boolean quiet(String name) {
        return logOf(name).lines().noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
    }

    /** The first `status` that satisfies the check, asked again while it does not, for up to a minute. */
    private static Run statusOnceTrue(Predicate<Run> check) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Run status = script("cluster-node.sh", "status");
        while (!check.test(status) && System.nanoTime() < until) {
            Thread.sleep(250);
            status = script("cluster-node.sh", "status");
        }
        return status;
    }

    private static String statusLine(Run status, int node) {
        return status.output().lines().filter(line -> line.startsWith("node " + node + " ")).findFirst()
            .orElseThrow(() -> new AssertionError("no line for node " + node + ": " + status.output())).trim();
    }

    /** Each running process by name (db, node1…), as the scripts' PID files have them. */
    private static Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        try (var files = Files.list(clusterDir.resolve("pids"))) {
            for (Path file : files.toList()) {
                pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private static String logOf(String name) {
        try {
            Path log = clusterDir.resolve("logs").resolve(name + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("db", "node1", "node2", "node3")) {
            all.append("\n--- ").append(name).append(".log\n").append(logOf(name));
        }
        return all.toString();
    }

    private static Run script(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("scripts", name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(SCRIPT_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not end within " + SCRIPT_TIMEOUT_S + " s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Run(int exitCode, String output) {
    }
}
