package com.gifchat.bench;

import com.gifchat.support.TestApp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server under test: gif-chat or the bare bridge, started here as its own process on free ports, or a gif-chat
 * already running elsewhere ({@link #external}), whose process this benchmark cannot see. Reads the process's CPU
 * time, resident memory and heap from /proc and jcmd.
 */
final class Server implements AutoCloseable {

    enum Kind {
        BARE("bare", "bare bridge ready on \\d+"), GIF_CHAT("gif-chat", "gif-chat (database )?ready");

        final String label;
        /** The line a server logs once it listens; a failure's text may hold the word too ("Address already in use"). */
        final Pattern ready;

        Kind(String label, String ready) {
            this.label = label;
            this.ready = Pattern.compile(ready);
        }
    }

    /** The JVM flags gif-chat is run with (scripts/run.sh); the benchmark runs from the project folder. */
    private static final Path JVM_OPTIONS = Path.of("scripts", "jvm.options");
    private static final long IDLE_INTERVAL_MS = 1000;
    /** Below this share of one core over an interval, a server counts as idle (timers and heartbeats only). */
    private static final double IDLE_SHARE_OF_A_CORE = 0.05;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
    private static final long STOP_WAIT_SECONDS = 30;

    final Kind kind;
    final String host;
    final int pagePort;
    final int realtimePort;
    private final Process process;

    private final Path dataDir;
    /** The database process this server uses, when it has one of its own; closed with it. */
    private final Server database;
    /** The other nodes of the cluster this server stands for, as its first node; none for a server on its own. */
    private final List<Server> others;
    private boolean peakNotReset;

    private Server(Kind kind, String host, int pagePort, int realtimePort, Process process, Path dataDir, Server database) {
        this(kind, host, pagePort, realtimePort, process, dataDir, database, List.of());
    }

    private Server(Kind kind, String host, int pagePort, int realtimePort, Process process, Path dataDir, Server database,
                   List<Server> others) {
        this.kind = kind;
        this.host = host;
        this.pagePort = pagePort;
        this.realtimePort = realtimePort;
        this.process = process;
        this.dataDir = dataDir;
        this.database = database;
        this.others = others;
    }

    /** A gif-chat this benchmark did not start: no CPU or memory figures. */
    static Server external(String host, int pagePort, int realtimePort) {
        return new Server(Kind.GIF_CHAT, host, pagePort, realtimePort, null, null, null);
    }

    /**
     * gif-chat on a database in a process of its own (gif-chat's database mode: its file store behind the MongoDB
     * wire protocol), as it runs on a real MongoDB. CPU figures add both processes; memory figures are the chat's.
     */
    static Server startOnDatabaseProcess(Map<String, String> env) throws IOException {
        int databasePort = freePort();
        Map<String, String> databaseEnv = new HashMap<>(env);
        databaseEnv.put("GIFCHAT_MODE", "database");
        databaseEnv.put("EMBEDDED_PORT", String.valueOf(databasePort));
        Server database = start(Kind.GIF_CHAT, databaseEnv);
        Map<String, String> chatEnv = new HashMap<>(env);
        chatEnv.put("MONGO_URI", "mongodb://127.0.0.1:" + databasePort);
        return startReady(Kind.GIF_CHAT, chatEnv, database);
    }

    /**
     * Starts a server on the embedded default (the H2 file store in a fresh folder) and returns once it logged that
     * it is ready. {@code env} adds to or overrides the benchmark's settings.
     */
    static Server start(Kind kind, Map<String, String> env) throws IOException {
        return startReady(kind, env, null);
    }

    /**
     * gif-chat nodes started one after the other with {@code -cluster} (each {@code nodeEnvs} entry one node's
     * settings), on {@code database}: one server whose CPU and memory figures add up every process, whose own ports
     * are its first node's, and whose nodes {@link #node} gives.
     */
    static Server cluster(List<Map<String, String>> nodeEnvs, Server database) throws IOException {
        List<Server> nodes = new ArrayList<>();
        try {
            for (Map<String, String> env : nodeEnvs) {
                nodes.add(startReady(Kind.GIF_CHAT, env, null, List.of("-cluster")));
            }
        } catch (IOException | RuntimeException e) {
            for (Server node : nodes) {
                closeQuietly(node);
            }
            closeQuietly(database);
            throw e;
        }
        Server first = nodes.get(0);
        return new Server(first.kind, first.host, first.pagePort, first.realtimePort, first.process, first.dataDir, database,
            List.copyOf(nodes.subList(1, nodes.size())));
    }

    private static void closeQuietly(Server server) {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("could not stop a server of a cluster that did not start: " + e.getMessage());
        }
    }

    /** How many nodes this server is: 1, or its cluster's. */
    int nodes() {
        return 1 + others.size();
    }

    /** Node {@code index} (modulo the nodes) of this server's cluster; this server itself for index 0 or alone. */
    Server node(int index) {
        int at = index % nodes();
        return at == 0 ? this : others.get(at - 1);
    }

    /** Launches a server on fresh ports and a fresh data folder, and returns once it logged that it is ready. */
    private static Server startReady(Kind kind, Map<String, String> env, Server database) throws IOException {
        return startReady(kind, env, database, List.of());
    }

    private static Server startReady(Kind kind, Map<String, String> env, Server database, List<String> args) throws IOException {
        int pagePort = freePort();
        int realtimePort = freePort();
        Path dataDir = Files.createTempDirectory("gifchat-bench");
        Process process = launch(kind, pagePort, realtimePort, settings(pagePort, realtimePort, dataDir, env), args);
        awaitReady(process, kind);
        return new Server(kind, "127.0.0.1", pagePort, realtimePort, process, dataDir, database);
    }

    /**
     * Starts gif-chat the way a newcomer does, with scripts/run.sh and the packaged jar, without waiting for it: for
     * timing its start from the outside.
     */
    static Server runScript(Map<String, String> env) throws IOException {
        int pagePort = freePort();
        int realtimePort = freePort();
        Path dataDir = Files.createTempDirectory("gifchat-bench");
        ProcessBuilder builder = new ProcessBuilder(Path.of("scripts", "run.sh").toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().putAll(settings(pagePort, realtimePort, dataDir, env));
        Process process = builder.start();
        drain(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        return new Server(Kind.GIF_CHAT, "127.0.0.1", pagePort, realtimePort, process, dataDir, null);
    }

    private static Process launch(Kind kind, int pagePort, int realtimePort, Map<String, String> settings, List<String> args)
            throws IOException {
        String classpath = classpath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(serverJvmOptions());
        command.addAll(kind == Kind.BARE
            ? List.of("-cp", classpath, BareBridgeServer.class.getName(), String.valueOf(realtimePort))
            : List.of("-cp", withoutTestClasses(classpath), "com.gifchat.cluster.GifChatLauncher"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(settings);
        return builder.start();
    }

    /** The benchmark's settings for a server (fresh data folder, rooms for thousands), then {@code env} over them. */
    private static Map<String, String> settings(int pagePort, int realtimePort, Path dataDir, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>(Map.of(
            "HTTP_PORT", String.valueOf(pagePort),
            "REALTIME_PORT", String.valueOf(realtimePort),
            "DATA_DIR", dataDir.toString(),
            "ROOMS_MAX_CAPACITY", "5000",
            "REALTIME_LEAVE_DELAY_MS", "0",
            // the rooms of earlier cells stay until the run ends, so that no room removal runs during a later cell
            "ROOMS_EMPTY_GRACE_MS", String.valueOf(TimeUnit.HOURS.toMillis(1)),
            "GIFCHAT_SECRET", "benchmark"));
        // every simulated person comes from 127.0.0.1 at a script's pace: the throughput cells measure without limits
        for (String limit : List.of("CHAT_SENDS_PER_PERSON", "REGISTRATIONS_PER_CONNECTION", "SOCKETS_PER_ADDRESS",
                "UPLOADS_PER_PERSON", "ROOMS_PER_PERSON", "ROOMS_PER_ADDRESS", "PASSWORD_GUESSES_PER_ADDRESS",
                "PASSWORD_GUESSES_PER_ROOM")) {
            settings.put("LIMITS_" + limit, "off");
        }
        // likewise, hundreds of them share one room
        settings.put("ROOMS_MAX_PEOPLE_PER_ADDRESS", "0");
        settings.putAll(env);
        return settings;
    }

    /**
     * JVM flags for the servers: scripts/jvm.options, which scripts/run.sh starts gif-chat with (the bare bridge gets
     * them too, so that both run with the same JVM), then BENCH_SERVER_OPTS (a profiler's agent, say).
     */
    static List<String> serverJvmOptions() throws IOException {
        List<String> flags = new ArrayList<>(Files.readAllLines(JVM_OPTIONS).stream().map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        String options = System.getenv().getOrDefault("BENCH_SERVER_OPTS", "").trim();
        if (!options.isEmpty()) {
            flags.addAll(Arrays.asList(options.split("\\s+")));
        }
        return flags;
    }

    private static void awaitReady(Process process, Kind kind) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> output = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (kind.ready.matcher(line).find()) {
                drain(lines);
                return;
            }
            output.add(line);
        }
        throw new IllegalStateException(kind.label + " did not start:\n" + String.join("\n", output));
    }

    /** Keeps reading the server's output so that a full pipe never stalls it. */
    private static void drain(BufferedReader lines) {
        Thread drain = new Thread(() -> {
            try {
                lines.lines().forEach(ignored -> { });
            } catch (UncheckedIOException stopped) {
                // the server's output closed with its process
            }
        }, "server-output");
        drain.setDaemon(true);
        drain.start();
    }

    boolean measurable() {
        return process != null;
    }

    /** User plus system CPU time of the server process so far, in microseconds; 0 for a server started elsewhere. */
    long cpuMicros() throws IOException {
        if (process == null) {
            return 0;
        }
        long own = ownCpuMicros();
        for (Server other : others) {
            own += other.cpuMicros();
        }
        return database == null ? own : own + database.cpuMicros();
    }

    private long ownCpuMicros() throws IOException {
        return ThreadCpu.micros(Files.readString(proc("stat")));
    }

    /**
     * The CPU time so far by kind of thread ({@link ThreadCpu}), every process of the server added up; empty for a
     * server elsewhere, or where the per-thread counters cannot be read.
     */
    Map<ThreadCpu.Group, Long> threadCpu() throws IOException {
        if (process == null) {
            return Map.of();
        }
        Map<ThreadCpu.Group, Long> all = ThreadCpu.of(process.pid(), ownCpuMicros());
        for (Server other : others) {
            all = ThreadCpu.plus(all, other.threadCpu());
        }
        return database == null ? all : ThreadCpu.plus(all, database.threadCpu());
    }

    long rssKb() throws IOException {
        return status("VmRSS:");
    }

    /**
     * Returns once the server has been nearly idle for one interval, or after {@code maxMillis}: a server kept for
     * several cells may still be sending what an overloaded cell left queued, and that work belongs to no later cell.
     */
    void awaitIdle(long maxMillis) throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long before = cpuMicros();
        while (process != null && System.nanoTime() < giveUpAt) {
            Thread.sleep(IDLE_INTERVAL_MS);
            long now = cpuMicros();
            if (now - before < IDLE_INTERVAL_MS * 1000 * IDLE_SHARE_OF_A_CORE) {
                return;
            }
            before = now;
        }
    }

    /**
     * Starts a new high-water mark for {@link #peakRssKb()}: on Linux, writing 5 to clear_refs resets it. Where the
     * kernel refuses, the mark stays the process's peak so far, and the run says so once.
     */
    void resetPeakRss() {
        if (process == null) {
            return;
        }
        others.forEach(Server::resetPeakRss);
        try {
            Files.writeString(proc("clear_refs"), "5");
        } catch (IOException refused) {
            if (!peakNotReset) {
                peakNotReset = true;
                System.err.println("peak RSS cannot be reset here (" + refused.getMessage()
                    + "): it is the server's peak since it started");
            }
        }
    }

    /** The peak resident memory of the server process; of a cluster, its nodes' peaks added up. */
    long peakRssKb() throws IOException {
        long peak = status("VmHWM:");
        for (Server other : others) {
            peak += other.peakRssKb();
        }
        return peak;
    }

    /**
     * Heap in use after a full collection, through jcmd; empty if jcmd is not available. Both commands go in one
     * attach, so that what the server allocates in between (an attach takes a few hundred ms) is not counted.
     */
    OptionalLong heapUsedAfterGcKb() throws IOException, InterruptedException {
        Path commands = Files.createTempFile("gifchat-bench-jcmd", ".txt");
        try {
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            String info = jcmd(process.pid(), "-f", commands.toString());
            Matcher used = HEAP_USED.matcher(info == null ? "" : info);
            return used.find() ? OptionalLong.of(Long.parseLong(used.group(1))) : OptionalLong.empty();
        } finally {
            Files.delete(commands);
        }
    }

    /**
     * Bytes of the objects still reachable, through jcmd's class histogram (which collects first); unlike the heap in
     * use, it leaves out what a collection cannot compact away, such as the unused tails of regions.
     */
    OptionalLong liveObjectsKb() throws IOException, InterruptedException {
        String histogram = jcmd(process.pid(), "GC.class_histogram");
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram == null ? "" : histogram);
        return total.find() ? OptionalLong.of(Long.parseLong(total.group(1)) / 1024) : OptionalLong.empty();
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        line.addAll(Arrays.asList(command));
        Process run = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return run.waitFor() == 0 ? output : null;
    }

    /** A figure read from the server process, as a row shows it: "–" when that process is not ours to read. */
    String figure(String format, double value) {
        return process == null ? "–" : String.format(java.util.Locale.ROOT, format, value);
    }

    private long status(String field) throws IOException {
        return Files.readAllLines(proc("status")).stream()
            .filter(line -> line.startsWith(field)).findFirst()
            .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
    }

    private Path proc(String file) {
        return Path.of("/proc", String.valueOf(process.pid()), file);
    }

    /**
     * Stops the process the way an operator would (SIGTERM), so a profiler attached to it can write its output, then
     * deletes its data folder.
     */
    @Override
    public void close() throws IOException {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                // no more waiting: the process goes at once, and the caller still learns it was interrupted
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        for (Server other : others) {
            other.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The test classpath: surefire's when run as a test, else the one this JVM was started with. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Without the test classes, so gif-chat logs with its own logback.xml. */
    private static String withoutTestClasses(String classpath) {
        return String.join(File.pathSeparator, Arrays.stream(classpath.split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes")).toList());
    }

    /** A free port not handed out before in this JVM (see {@link TestApp#freePort}). */
    static int freePort() {
        return TestApp.freePort();
    }
}
