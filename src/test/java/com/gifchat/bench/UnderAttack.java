package com.gifchat.bench;

import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario (g): bystanders under attack. Forty people chat in one room, each one message a second, and their round
 * trip (send to acknowledgement, that is, stored) is measured in a quiet phase and then under each attack in turn:
 * (a) a chat flood from one socket in their room, (b) bad frames at 1,000 a second from one client that reconnects
 * whenever it is closed, (c) 16 clients guessing a private room's password in parallel, each a new guess as soon as
 * its last one is answered. Every attacker comes from an address of its own (X-Forwarded-For, with the benchmark as
 * the trusted proxy), as real ones would, and ignores every refusal. One server runs with the packaged rate limits;
 * another with them off, to show what the other defences (the bounded password pool, closing a garbage sender) do
 * alone. The attackers run on a Vert.x of their own, so that handling their answers never delays the bystanders'.
 */
final class UnderAttack {

    static final String HEADER = """
        | limits | attack | bystander sends | refused | p50 ms | p99 ms | p99 ÷ quiet | attacker | server CPU % | generator CPU % |
        |---|---|---|---|---|---|---|---|---|---|""";

    enum Attack {
        QUIET, FLOOD, BAD_FRAMES, GUESSES;

        /** The name in tables and on the command line. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Enough that a phase's p99 is not its second-slowest send: 40 a second, 800 in a 20 s phase. */
    static final int BYSTANDERS = 40;
    static final int FLOOD_PER_SECOND = 2000;
    static final int BAD_FRAMES_PER_SECOND = 1000;
    static final int GUESSERS = 16;
    private static final long TICK_MS = 10;
    /** An attack runs this long before the bystanders' measured phase begins, and the server this long after it. */
    private static final long RAMP_MS = 1000;
    private static final long SETTLE_MS = 2000;
    /** Each attack runs this long, uncounted, before the quiet phase: see {@link #warmUp}. */
    private static final long WARM_UP_MS = 5000;
    private static final long DRAIN_MS = 30_000;
    private static final long MAX_MICROS = 120_000_000L;
    private static final String[] GARBAGE = {"not json", "{\"type\":\"teleport\"}", "{\"type\":\"send\"}", "[1,2,3]",
        "{\"type\":\"register\",\"address\":\"admin.rooms.close\"}"};

    private final Crowd crowd;
    private final Set<Attack> attacks;
    private Crowd attackers;
    private final AtomicReference<Phase> phase = new AtomicReference<>();

    /**
     * @param crowd the bystanders' generator
     * @param attacks the phases to run, in their order
     */
    UnderAttack(Crowd crowd, Set<Attack> attacks) {
        this.crowd = crowd;
        this.attacks = attacks;
    }

    /** The rate limits of conf/config.json, as the environment variables that set them. */
    static Map<String, String> packagedLimits() throws IOException {
        JsonObject config = new JsonObject(Files.readString(Path.of("conf", "config.json")));
        Map<String, String> limits = new HashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.key().startsWith("limits.") && config.getValue(setting.key()) instanceof String rates) {
                limits.put(setting.env(), rates);
            }
        }
        return limits;
    }

    /** The quiet phase and each attack, on a server of their own with {@code limits} over the benchmark's settings. */
    List<String> rows(String label, Map<String, String> limits, int seconds) throws Exception {
        Map<String, String> env = new HashMap<>(limits);
        env.put("TRUSTED_PROXIES", "127.0.0.1");
        List<String> rows = new ArrayList<>();
        try (Server server = Server.start(Server.Kind.GIF_CHAT, env); Crowd attacking = new Crowd(1)) {
            attackers = attacking;
            String room = crowd.createRoom(server, "Bystanders");
            List<Person> bystanders = crowd.gather(server, room, BYSTANDERS);
            Person flooder = attackers.gather(server, room, 1).get(0);
            String privateRoom = privateRoom(server, "Guarded");
            long chatter = chatter(bystanders);
            try {
                warmUp(server, room);
                double quietP99 = 0;
                for (Attack attack : EnumSet.copyOf(attacks)) {
                    Attacker attacker = switch (attack) {
                        case QUIET -> new Quiet();
                        case FLOOD -> new Flood(flooder);
                        case BAD_FRAMES -> new BadFrames(server, "10.66.0.1");
                        case GUESSES -> new Guesses(server, privateRoom, "10.77.0.");
                    };
                    Thread.sleep(RAMP_MS);
                    Phase measured = new Phase();
                    long serverCpu = server.cpuMicros();
                    long generatorCpu = Crowd.cpuMicros();
                    long started = System.nanoTime();
                    phase.set(measured);
                    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                    phase.set(null);
                    long elapsedMicros = (System.nanoTime() - started) / 1000;
                    double serverShare = 100.0 * (server.cpuMicros() - serverCpu) / elapsedMicros;
                    double generatorShare = 100.0 * (Crowd.cpuMicros() - generatorCpu) / elapsedMicros;
                    // the attacker's own drain gives up after DRAIN_MS and says what was still unanswered
                    String what = attacker.stop().await(2 * DRAIN_MS, TimeUnit.MILLISECONDS);
                    measured.drain();
                    double p99 = measured.millis(99);
                    if (attack == Attack.QUIET) {
                        quietP99 = p99;
                    }
                    rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f | %s | %s | %s | %.0f |",
                        label, attack.name().toLowerCase(Locale.ROOT).replace('_', ' '), measured.sent.get(),
                        measured.refused.get(), measured.millis(50), p99,
                        attack == Attack.QUIET ? "1.0" : String.format(Locale.ROOT, "%.1f", p99 / Math.max(0.1, quietP99)),
                        what, server.figure("%.0f", serverShare), generatorShare));
                    Thread.sleep(SETTLE_MS);
                }
            } finally {
                crowd.vertx.cancelTimer(chatter);
                crowd.leaveAll();
                attackers.leaveAll();
            }
        }
        return rows;
    }

    /**
     * Runs each attack for a few seconds, uncounted, before the quiet phase, from other addresses and people and on
     * another private room, so that none of the measured attacks finds a rate limit already used up. Without it,
     * the first attack on a fresh server is mostly measured against the JIT compiling the code that refuses it,
     * which a server that has been up a while compiled long ago.
     */
    private void warmUp(Server server, String room) throws Exception {
        for (Attack attack : attacks) {
            Attacker attacker = switch (attack) {
                case QUIET -> null;
                case FLOOD -> new Flood(attackers.gather(server, room, 1).get(0));
                case BAD_FRAMES -> new BadFrames(server, "10.66.1.1");
                case GUESSES -> new Guesses(server, privateRoom(server, "Guarded too"), "10.78.0.");
            };
            if (attacker != null) {
                Thread.sleep(WARM_UP_MS);
                attacker.stop().await(2 * DRAIN_MS, TimeUnit.MILLISECONDS);
            }
        }
        Thread.sleep(SETTLE_MS);
    }

    /** Each bystander sends one message a second, all of them spread evenly over the second. */
    private long chatter(List<Person> bystanders) {
        AtomicLong turn = new AtomicLong();
        return crowd.vertx.setPeriodic(1000 / BYSTANDERS, id -> {
            Person person = bystanders.get((int) (turn.getAndIncrement() % bystanders.size()));
            Phase current = phase.get();
            long sentAt = System.nanoTime();
            if (current != null) {
                current.sent.incrementAndGet();
            }
            crowd.say(person, "bystander " + turn.get(), reply -> {
                if (current != null) {
                    current.answered(reply, (System.nanoTime() - sentAt) / 1000);
                }
            });
        });
    }

    private String privateRoom(Server server, String title) throws TimeoutException {
        return WebClientSession.create(crowd.page(server)).post("/room")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("title", title).add("capacity", "10").add("password", "a long secret"))
            .map(response -> response.getHeader("location").substring("/room/".length()))
            .await(DRAIN_MS, TimeUnit.MILLISECONDS);
    }

    /** The bystanders' sends of one measured phase, each counted in the phase it was sent in. */
    private static final class Phase {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        private final Histogram roundTrips = new Histogram(MAX_MICROS, 3);

        synchronized void answered(JsonObject reply, long micros) {
            if ("err".equals(reply.getString("type"))) {
                refused.incrementAndGet();
            }
            roundTrips.recordValue(Math.min(MAX_MICROS, Math.max(0, micros)));
            answered.incrementAndGet();
            notifyAll();
        }

        /** Waits for the answers to the phase's last sends, so that a slow one counts. */
        synchronized void drain() throws InterruptedException {
            long deadline = System.currentTimeMillis() + DRAIN_MS;
            while (answered.get() < sent.get() && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }

        synchronized double millis(double percentile) {
            return roundTrips.getTotalCount() == 0 ? 0 : roundTrips.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** An attack in progress; stopping it waits for its last answers and says what it did. */
    private interface Attacker {
        Future<String> stop();
    }

    private static final class Quiet implements Attacker {
        @Override
        public Future<String> stop() {
            return Future.succeededFuture("–");
        }
    }

    /** One socket in the bystanders' room sending chat messages at a fixed rate, whatever it is answered. */
    private final class Flood implements Attacker {
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong stored = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final long timer;
        private final Person flooder;

        Flood(Person flooder) {
            this.flooder = flooder;
            long perTick = FLOOD_PER_SECOND * TICK_MS / 1000;
            timer = attackers.vertx.setPeriodic(TICK_MS, id -> {
                for (int i = 0; i < perTick; i++) {
                    sent.incrementAndGet();
                    attackers.say(flooder, "flood " + sent.get(), reply -> ("err".equals(reply.getString("type")) ? refused : stored).incrementAndGet());
                }
            });
        }

        @Override
        public Future<String> stop() {
            attackers.vertx.cancelTimer(timer);
            return drained(() -> stored.get() + refused.get() >= sent.get()).map(v -> String.format(Locale.ROOT,
                "%,d sends/s from one socket: %,d sent, %,d stored, %,d refused%s%s", FLOOD_PER_SECOND, sent.get(), stored.get(),
                refused.get(), unanswered(sent.get() - stored.get() - refused.get()),
                // a socket that does not read its answers fast enough is dropped (realtime.maxQueuedBytes)
                flooder.socket.isClosed() ? "; its socket was closed by the server" : ""));
        }
    }

    /** Malformed frames at a fixed rate from one client address; a closed socket is replaced at once. */
    private final class BadFrames implements Attacker {
        private final WebSocketClient client = attackers.vertx.createWebSocketClient();
        private final WebSocketConnectOptions connect;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong sockets = new AtomicLong();
        private final AtomicLong closed = new AtomicLong();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicLong refusedSockets = new AtomicLong();
        private final AtomicBoolean connecting = new AtomicBoolean();
        private final AtomicReference<WebSocket> open = new AtomicReference<>();
        private final long timer;

        BadFrames(Server server, String address) {
            connect = new WebSocketConnectOptions().setHost(server.host).setPort(server.realtimePort)
                .setURI("/eventbus/websocket").addHeader("X-Forwarded-For", address);
            long perTick = BAD_FRAMES_PER_SECOND * TICK_MS / 1000;
            timer = attackers.vertx.setPeriodic(TICK_MS, id -> {
                WebSocket socket = open.get();
                if (socket == null) {
                    reconnect();
                    return;
                }
                for (int i = 0; i < perTick && !socket.isClosed(); i++) {
                    socket.writeTextMessage(GARBAGE[(int) (sent.getAndIncrement() % GARBAGE.length)]);
                }
            });
        }

        private void reconnect() {
            if (!connecting.compareAndSet(false, true)) {
                return;
            }
            client.connect(connect).onComplete(result -> {
                connecting.set(false);
                if (result.failed()) {
                    refusedSockets.incrementAndGet();
                    return;
                }
                WebSocket socket = result.result();
                sockets.incrementAndGet();
                socket.handler(frame -> {
                    if (frame.toString().contains("\"failureCode\"")) {
                        refusedSockets.incrementAndGet();
                    }
                });
                socket.closeHandler(v -> {
                    if (!stopping.get()) {
                        closed.incrementAndGet();
                    }
                    open.compareAndSet(socket, null);
                });
                open.set(socket);
            });
        }

        @Override
        public Future<String> stop() {
            attackers.vertx.cancelTimer(timer);
            stopping.set(true);
            WebSocket socket = open.getAndSet(null);
            Future<Void> closing = socket == null || socket.isClosed() ? Future.succeededFuture() : socket.close();
            return closing.otherwiseEmpty().compose(v -> client.close()).map(v -> String.format(Locale.ROOT,
                "%,d bad frames/s: %,d sent on %,d sockets, %,d closed by the server, %,d sockets refused",
                BAD_FRAMES_PER_SECOND, sent.get(), sockets.get(), closed.get(), refusedSockets.get()));
        }
    }

    /** Clients guessing a private room's password, each from its own address with its own session, a guess at a time. */
    private final class Guesses implements Attacker {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicLong inFlight = new AtomicLong();

        /** @param network the guessers' addresses without their last number */
        Guesses(Server server, String roomId, String network) {
            for (int i = 0; i < GUESSERS; i++) {
                WebClientSession guesser = WebClientSession.create(attackers.page(server)).addHeader("X-Forwarded-For", network + (i + 1));
                attackers.vertx.runOnContext(v -> guess(guesser, roomId, 0));
            }
        }

        private void guess(WebClientSession guesser, String roomId, long number) {
            if (!running.get()) {
                return;
            }
            inFlight.incrementAndGet();
            guesser.post("/room/" + roomId + "/password").sendForm(MultiMap.caseInsensitiveMultiMap().add("password", "guess " + number))
                .onComplete(answer -> {
                    int status = answer.succeeded() ? answer.result().statusCode() : 0;
                    byStatus.computeIfAbsent(status, key -> new AtomicLong()).incrementAndGet();
                    inFlight.decrementAndGet();
                    guess(guesser, roomId, number + 1);
                });
        }

        @Override
        public Future<String> stop() {
            running.set(false);
            return drained(() -> inFlight.get() == 0).map(v -> {
                long answered = byStatus.values().stream().mapToLong(AtomicLong::get).sum();
                return String.format(Locale.ROOT, "%d guessers: %,d guesses answered: %,d wrong password (303), %,d rate limited (429), %,d busy (503), %,d other%s",
                    GUESSERS, answered, count(303), count(429), count(503), answered - count(303) - count(429) - count(503),
                    unanswered(inFlight.get()));
            });
        }

        private long count(int status) {
            AtomicLong count = byStatus.get(status);
            return count == null ? 0 : count.get();
        }
    }

    private static String unanswered(long count) {
        return count > 0 ? String.format(Locale.ROOT, ", %,d unanswered %d s after the phase", count, DRAIN_MS / 1000) : "";
    }

    /** Completes once {@code done} holds, looked at every tick, or after {@link #DRAIN_MS} whatever it says. */
    private Future<Void> drained(java.util.function.BooleanSupplier done) {
        Promise<Void> drained = Promise.promise();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        attackers.vertx.setPeriodic(TICK_MS, id -> {
            if (done.getAsBoolean() || System.nanoTime() > deadline) {
                attackers.vertx.cancelTimer(id);
                drained.tryComplete();
            }
        });
        return drained.future();
    }
}
