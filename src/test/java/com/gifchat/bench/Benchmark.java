package com.gifchat.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fan-out load: N people in one room over the real SockJS bridge protocol at /eventbus/websocket, one of them sending
 * R messages a second (each a send with a reply) for a fixed count. Runs every cell against gif-chat and against the
 * stock bridge alone ({@link BareBridgeServer}), each started here as its own process, and prints a Markdown table:
 * deliveries/s, latency percentiles (HdrHistogram), lost, duplicated and out-of-order deliveries, and the server's
 * CPU time per delivery and peak RSS read from /proc.
 *
 * <pre>scripts/bench.sh [--people 10,100] [--rates 10,100] [--seconds 5]</pre>
 */
public final class Benchmark {

    private static final Pattern TICKET = Pattern.compile("data-ticket=\"([^\"]+)\"");
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long PING_MS = 4000;
    private static final long DRAIN_MS = 5000;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(5000));

    public static void main(String[] args) throws Exception {
        List<Integer> people = list(option(args, "--people", "10,100"));
        List<Integer> rates = list(option(args, "--rates", "10,100"));
        int seconds = Integer.parseInt(option(args, "--seconds", "5"));
        Benchmark bench = new Benchmark();
        System.out.println("| server | people | rate/s | sent | deliveries/s | p50 ms | p99 ms | max ms | undelivered | dup | out of order | server CPU µs/delivery | server peak RSS MB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        try {
            for (int n : people) {
                for (int rate : rates) {
                    for (String server : List.of("bare", "gif-chat")) {
                        System.out.println(bench.cell(server, n, rate, seconds));
                    }
                }
            }
        } finally {
            bench.vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** One cell of the table: a fresh server process, N people, one sender at {@code rate} for {@code seconds}. */
    String cell(String server, int people, int rate, int seconds) throws Exception {
        int port = freePort();
        int pagePort = freePort();
        Process process = start(server, port, pagePort);
        try {
            Run run = new Run(people, rate * seconds);
            String roomId = server.equals("bare") ? "0123456789abcdef" : createRoom(pagePort);
            List<WebSocket> connected = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                String ticket = server.equals("bare") ? null : ticket(pagePort, roomId);
                connected.add(subscribe(port, roomId, ticket, run, server.equals("bare")).await(30, TimeUnit.SECONDS));
            }
            long cpuBefore = cpuTicks(process.pid());
            long started = System.nanoTime();
            send(connected.get(0), roomId, rate, run).await(seconds * 3L + 30, TimeUnit.SECONDS);
            run.allDelivered.await(DRAIN_MS, TimeUnit.MILLISECONDS);
            long elapsedNanos = System.nanoTime() - started;
            long cpuTicks = cpuTicks(process.pid()) - cpuBefore;
            long deliveries = run.delivered.get();
            long expected = (long) people * run.messages;
            Histogram latency = run.latencyMicros;
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %d | %d | %d | %.1f | %.0f |",
                server, people, rate, run.messages, deliveries / (elapsedNanos / 1e9),
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
                Math.max(0, expected - deliveries + run.duplicates.get()), run.duplicates.get(), run.outOfOrder.get(),
                deliveries == 0 ? 0 : cpuTicks * (1_000_000.0 / CLOCK_TICKS_PER_SECOND) / deliveries,
                peakRssKb(process.pid()) / 1024.0);
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** What one cell counts, shared by every subscriber's handler (all on the benchmark's event loops). */
    private static final class Run {
        final int messages;
        final Histogram latencyMicros = new Histogram(60_000_000L, 3);
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final CountDownLatch allDelivered;

        Run(int people, int messages) {
            this.messages = messages;
            this.allDelivered = new CountDownLatch(people * messages);
        }

        synchronized void record(long micros) {
            latencyMicros.recordValue(Math.max(0, micros));
        }
    }

    private Future<WebSocket> subscribe(int port, String roomId, String ticket, Run run, boolean bare) {
        Promise<WebSocket> ready = Promise.promise();
        long[] lastNumber = {0};
        sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket"))
            .onSuccess(socket -> {
                socket.handler(buffer -> {
                    JsonObject frame = new JsonObject(buffer);
                    if (!"rec".equals(frame.getString("type")) || !(frame.getValue("body") instanceof JsonObject body)
                        || !("room." + roomId).equals(frame.getString("address"))) {
                        return;
                    }
                    if (!bare && "welcome".equals(body.getString("event"))) {
                        ready.tryComplete(socket);
                    }
                    String text = body.getString("text");
                    if (text == null || !text.startsWith("n")) {
                        return;
                    }
                    String[] parts = text.substring(1).split(":");
                    long number = Long.parseLong(parts[0]);
                    run.record((System.nanoTime() - Long.parseLong(parts[1])) / 1000);
                    if (number == lastNumber[0]) {
                        run.duplicates.incrementAndGet();
                        return;
                    }
                    if (number < lastNumber[0]) {
                        run.outOfOrder.incrementAndGet();
                    }
                    lastNumber[0] = Math.max(lastNumber[0], number);
                    run.delivered.incrementAndGet();
                    run.allDelivered.countDown();
                });
                vertx.setPeriodic(PING_MS, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
                JsonObject register = new JsonObject().put("type", "register").put("address", "room." + roomId);
                if (ticket != null) {
                    register.put("headers", new JsonObject().put("ticket", ticket));
                }
                socket.writeTextMessage(register.encode());
                if (bare) {
                    // the bare bridge says nothing on registration; a reply after it proves the register went first
                    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", "chat.send")
                        .put("body", new JsonObject().put("roomId", "warm-up")).put("replyAddress", "ready").encode())
                        .onSuccess(v -> vertx.setTimer(50, id -> ready.tryComplete(socket)));
                }
            })
            .onFailure(ready::tryFail);
        return ready.future();
    }

    /** Sends at a steady rate, each message a send with a reply; completes when every reply came back. */
    private Future<Void> send(WebSocket socket, String roomId, int rate, Run run) {
        Promise<Void> done = Promise.promise();
        AtomicLong sent = new AtomicLong();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(run.messages, (System.nanoTime() - start) / periodNanos + 1);
            while (sent.get() < due) {
                long number = sent.incrementAndGet();
                socket.writeTextMessage(new JsonObject().put("type", "send").put("address", "chat.send")
                    .put("body", new JsonObject().put("roomId", roomId).put("text", "n" + number + ":" + System.nanoTime()))
                    .put("replyAddress", "r" + number).encode());
            }
            if (sent.get() >= run.messages) {
                vertx.cancelTimer(timer);
                done.tryComplete();
            }
        });
        return done.future();
    }

    private Process start(String server, int port, int pagePort) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = server.equals("bare")
            ? new ProcessBuilder(java, "-cp", classpath, BareBridgeServer.class.getName(), String.valueOf(port))
            : new ProcessBuilder(java, "-cp", withoutTestClasses(classpath), "com.gifchat.cluster.GifChatLauncher");
        builder.environment().putAll(Map.of(
            "HTTP_PORT", String.valueOf(pagePort), "REALTIME_PORT", String.valueOf(port),
            "EMBEDDED_STORAGE", "memory", "DATA_DIR", Files.createTempDirectory("gifchat-bench").toString(),
            "ROOMS_MAX_CAPACITY", "5000", "REALTIME_LEAVE_DELAY_MS", "0", "GIFCHAT_SECRET", "bench"));
        Process process = builder.redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.contains("ready")) {
                Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException(server + " did not start");
    }

    private String createRoom(int pagePort) {
        WebClientSession owner = WebClientSession.create(web(pagePort));
        return owner.post("/room").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("title", "Benchmark").add("capacity", "5000"))
            .map(response -> response.getHeader("location").substring("/room/".length()))
            .await();
    }

    /** A new person: a fresh session, whose room page carries its admission ticket. */
    private String ticket(int pagePort, String roomId) {
        Buffer page = WebClientSession.create(web(pagePort)).get("/room/" + roomId).send().await().body();
        Matcher matcher = TICKET.matcher(page.toString());
        if (!matcher.find()) {
            throw new IllegalStateException("no ticket in the room page");
        }
        return matcher.group(1);
    }

    private final List<WebClient> webClients = new ArrayList<>();

    /** Kept in a list: Vert.x 5 closes clients nothing refers to. */
    private WebClient web(int port) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false));
        webClients.add(client);
        return client;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long peakRssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
            .filter(line -> line.startsWith("VmHWM:")).findFirst()
            .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
    }

    private static String withoutTestClasses(String classpath) {
        return String.join(File.pathSeparator, Arrays.stream(classpath.split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes")).toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<Integer> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
