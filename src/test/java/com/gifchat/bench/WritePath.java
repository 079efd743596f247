package com.gifchat.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Scenario (b): how many messages a second one room accepts when each is acknowledged only once stored. Ten people
 * each keep a fixed number of messages in flight (a new one as each reply arrives) for the run's length; afterwards
 * the room's history is read back through the HTTP API to check that every acknowledged message is there. A short
 * run of the same kind comes first and is not counted.
 */
final class WritePath {

    static final String HEADER = """
        | server | people × in flight | seconds | acknowledged | refused | acknowledged msgs/s | found in history | deliveries lost | dup | out of order | server CPU µs/message | server CPU % | generator CPU % |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|""";

    private static final int PEOPLE = 10;
    private static final int IN_FLIGHT = 32;
    private static final int HISTORY_PAGE = 200;
    private static final long TIMEOUT_SECONDS = 120;
    /** Not counted: lets the JIT compile the write path first. */
    private static final int WARM_UP_SECONDS = 3;
    private static final int WARM_UP_ROOMS = 10;

    private final Crowd crowd;

    WritePath(Crowd crowd) {
        this.crowd = crowd;
    }

    String row(Server server, int seconds) throws Exception {
        String roomId = crowd.createRoom(server, "Write path");
        List<Person> people = crowd.gather(server, roomId, PEOPLE);
        try {
            writeFor(people, new Tally(0), WARM_UP_SECONDS, IN_FLIGHT);
            Tally tally = new Tally(0);
            long serverCpu = server.cpuMicros();
            long generatorCpu = Crowd.cpuMicros();
            long started = System.nanoTime();
            writeFor(people, tally, seconds, IN_FLIGHT);
            long elapsedMicros = (System.nanoTime() - started) / 1000;
            long serverCpuMicros = server.cpuMicros() - serverCpu;
            long generatorCpuMicros = Crowd.cpuMicros() - generatorCpu;
            long acknowledged = tally.replies.get();
            String stored = server.kind == Server.Kind.BARE ? "– (no store)" : String.valueOf(storedInHistory(server, roomId, tally));
            // deliveries may still be on their way when the last acknowledgement arrives
            tally.awaitDelivered(acknowledged * PEOPLE, TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            return String.format(Locale.ROOT, "| %s | %d × %d | %d | %d | %d | %.0f | %s | %d | %d | %d | %s | %s | %.0f |",
                server.kind.label, PEOPLE, IN_FLIGHT, seconds, acknowledged, tally.refused.get(), acknowledged / (elapsedMicros / 1e6), stored,
                Math.max(0, acknowledged * PEOPLE - tally.delivered.get()), tally.duplicates.get(), tally.outOfOrder.get(),
                server.figure("%.1f", serverCpuMicros / (double) Math.max(1, acknowledged)),
                server.figure("%.0f", 100.0 * serverCpuMicros / elapsedMicros), 100.0 * generatorCpuMicros / elapsedMicros);
        } finally {
            crowd.leaveAll();
        }
    }

    /**
     * Carries messages for {@code seconds}, counting nothing, so that a freshly started server has compiled its message
     * path as one that has been up for a while has. The messages go to rooms of their own, each with one message in
     * flight at a time, as in many quiet rooms: every message is then a store command of its own, which is the path
     * the moderate cells take. The warm-up's people leave with the next cell's.
     */
    void warmUp(Server server, int seconds) throws Exception {
        List<Person> writers = new ArrayList<>();
        for (int room = 0; room < WARM_UP_ROOMS; room++) {
            writers.addAll(crowd.gather(server, crowd.createRoom(server, "Warm-up " + room), 1));
        }
        writeFor(writers, new Tally(0), seconds, 1);
    }

    /** Everybody writes for {@code seconds}, then waits for their last acknowledgements. */
    private void writeFor(List<Person> people, Tally tally, int seconds, int inFlight) throws TimeoutException {
        people.forEach(person -> person.countFor(tally));
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Future.all(IntStream.range(0, people.size()).mapToObj(sender -> keepWriting(people.get(sender), sender, tally, stopAt, inFlight)).toList())
            .await(seconds + TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** One person's share: {@code inFlight} messages always waiting for their acknowledgement, until the time is up. */
    private Future<Void> keepWriting(Person person, int sender, Tally tally, long stopAt, int inFlight) {
        Promise<Void> done = Promise.promise();
        AtomicLong waiting = new AtomicLong();
        AtomicLong numbers = new AtomicLong();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (System.nanoTime() >= stopAt) {
                if (waiting.get() == 0) {
                    done.tryComplete();
                }
                return;
            }
            waiting.incrementAndGet();
            crowd.say(person, tally.text(sender, numbers.incrementAndGet()), reply -> {
                waiting.decrementAndGet();
                (("err".equals(reply.getString("type"))) ? tally.refused : tally.replies).incrementAndGet();
                next[0].run();
            });
        };
        crowd.vertx.runOnContext(v -> {
            for (int i = 0; i < inFlight; i++) {
                next[0].run();
            }
        });
        return done.future();
    }

    /** Counts this run's messages in the room's history, newest page first. */
    private long storedInHistory(Server server, String roomId, Tally tally) throws TimeoutException {
        WebClient history = crowd.page(server);
        String prefix = "b" + tally.id + ":";
        long found = 0;
        Long before = null;
        while (true) {
            String uri = "/api/rooms/" + roomId + "/messages?limit=" + HISTORY_PAGE + (before == null ? "" : "&before=" + before);
            JsonArray page = history.get(uri).send().await(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .bodyAsJsonObject().getJsonArray("messages");
            if (page.isEmpty()) {
                return found;
            }
            for (int i = 0; i < page.size(); i++) {
                JsonObject message = page.getJsonObject(i);
                if (message.getString("text", "").startsWith(prefix)) {
                    found++;
                }
            }
            before = page.getJsonObject(0).getLong("seq");
        }
    }
}
