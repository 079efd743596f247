package com.gifchat.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scenarios (a) and (f): people spread over rooms, some of them sending at a steady rate, every message a send with a
 * reply; each subscriber records latency, duplicates and order. A short warm-up at the same rates runs first and is
 * not counted, so the JIT's first minutes are not mistaken for the server's speed.
 */
final class FanOut {

    /** {@code rooms} rooms of {@code people}, the first {@code senders} of each sending {@code rate} messages a second. */
    record Shape(int rooms, int people, int senders, int rate, int seconds) {
        long messagesPerSender() {
            return (long) rate * seconds;
        }

        long expectedDeliveries(long messagesPerSender) {
            return (long) rooms * senders * messagesPerSender * people;
        }

        long targetDeliveriesPerSecond() {
            return (long) rooms * senders * rate * people;
        }
    }

    static final String HEADER = """
        | server | rooms × people | senders × rate/s | sent | refused | deliveries/s | of target | p50 ms | p99 ms | max ms | undelivered | dup | out of order | server CPU µs/delivery | generator CPU µs/delivery | server CPU % | generator CPU % | server peak RSS MB | bound by |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|""";

    /** Where each cell's server CPU went, by kind of thread ({@link ThreadCpu}), in µs per delivery. */
    static final String THREADS_HEADER = "| server | rooms × people | senders × rate/s | "
        + Arrays.stream(ThreadCpu.Group.values()).map(group -> group.label + " | ").collect(Collectors.joining()) + "all |\n"
        + "|---|---|---|" + "---|".repeat(ThreadCpu.Group.values().length + 1);

    private static final long DRAIN_MS = 10_000;
    private static final long SCRAPE_SECONDS = 10;
    /** Vert.x's count of event-bus messages a node received over the network, from another node. */
    private static final Pattern REMOTE_RECEIVED =
        Pattern.compile("(?m)^vertx_eventbus_received_total\\{[^}]*side=\"remote\"[^}]*} ([0-9.eE+]+)$");
    private static final long SETTLE_MS = 60_000;
    private static final int WARM_UP_SECONDS = 2;
    private static final double KEPT_UP = 0.95;
    /** A core counts as saturated above this share of it. */
    private static final double BUSY_CORES = 0.85;

    private final Crowd crowd;
    private final Typing typing;

    FanOut(Crowd crowd) {
        this(crowd, Typing.NONE);
    }

    FanOut(Crowd crowd, Typing typing) {
        this.crowd = crowd;
        this.typing = typing;
    }

    /**
     * The first {@code typistsPerRoom} people of each room (the senders come first) also send a typing signal every
     * {@code everyMs} while the messages go out, as a page does while its person types.
     */
    record Typing(int typistsPerRoom, long everyMs) {
        static final Typing NONE = new Typing(0, 1);
    }

    /**
     * One cell against one server: its table row, its server CPU per delivery (negative when not measured), on a
     * cluster the event-bus messages that crossed from one node to another per chat message sent (else negative), and
     * what was counted, for the scenarios that build their own table.
     */
    /** {@code threadsRow} is the cell's line of {@link #THREADS_HEADER}, empty where the counters could not be read. */
    record Cell(String row, double serverMicrosPerDelivery, double crossNodePerMessage, Counted counted, String threadsRow) {
        Cell(String row, double serverMicrosPerDelivery) {
            this(row, serverMicrosPerDelivery, -1, null, "");
        }
    }

    /** A cell's counts: chat deliveries, typing signals sent and typing notices received, CPU and time. */
    record Counted(long delivered, long typingSent, long typingDelivered, long serverCpuMicros, long elapsedMicros, double p99Ms) {
        double perSecond(long count) {
            return count / (elapsedMicros / 1e6);
        }
    }

    /** On a cluster, each room is made on a node of its own and its people spread over all the nodes. */
    Cell run(Server server, Shape shape) throws Exception {
        server.awaitIdle(SETTLE_MS);
        List<List<Person>> rooms = new ArrayList<>();
        for (int r = 0; r < shape.rooms(); r++) {
            String roomId = crowd.createRoom(server.node(r), "Benchmark " + r);
            rooms.add(gather(server, roomId, r, shape.people()));
        }
        try {
            long warmUp = (long) shape.rate() * Math.min(WARM_UP_SECONDS, shape.seconds());
            measure(server, shape, rooms, warmUp);
            long crossedBefore = crossNodeMessages(server);
            Result result = measure(server, shape, rooms, shape.messagesPerSender());
            double crossed = server.nodes() == 1 ? -1
                : (crossNodeMessages(server) - crossedBefore) / (double) (shape.rooms() * shape.senders() * shape.messagesPerSender());
            return new Cell(result.format(server, shape), result.serverMicrosPerDelivery(), crossed, result.counted(),
                result.threadsRow(server, shape));
        } finally {
            crowd.leaveAll();
        }
    }

    private List<Person> gather(Server server, String roomId, int room, int people) throws Exception {
        if (server.nodes() == 1) {
            return crowd.gather(server, roomId, people);
        }
        List<Person> gathered = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            gathered.addAll(crowd.gather(server.node(room + p), roomId, 1));
        }
        return gathered;
    }

    /** Event-bus messages the cluster's nodes received from another node so far, from their metrics; 0 alone. */
    private long crossNodeMessages(Server server) throws Exception {
        long received = 0;
        for (int i = 0; server.nodes() > 1 && i < server.nodes(); i++) {
            String scrape = crowd.page(server.node(i)).get("/metrics").send().await(SCRAPE_SECONDS, TimeUnit.SECONDS).bodyAsString();
            Matcher line = REMOTE_RECEIVED.matcher(scrape);
            while (line.find()) {
                received += (long) Double.parseDouble(line.group(1));
            }
        }
        return received;
    }

    private Result measure(Server server, Shape shape, List<List<Person>> rooms, long messagesPerSender) throws Exception {
        Tally tally = new Tally(shape.expectedDeliveries(messagesPerSender));
        rooms.forEach(people -> people.forEach(person -> person.countFor(tally)));
        server.resetPeakRss();
        long serverCpu = server.measurable() ? server.cpuMicros() : 0;
        Map<ThreadCpu.Group, Long> threadsBefore = server.threadCpu();
        long generatorCpu = Crowd.cpuMicros();
        long started = System.nanoTime();
        sendAll(shape, rooms, tally, messagesPerSender);
        tally.allDelivered.await(shape.seconds() * 1000L + DRAIN_MS, TimeUnit.MILLISECONDS);
        long elapsedMicros = (System.nanoTime() - started) / 1000;
        return new Result(tally, elapsedMicros,
            server.measurable() ? server.cpuMicros() - serverCpu : -1,
            Crowd.cpuMicros() - generatorCpu,
            server.measurable() ? server.peakRssKb() : -1,
            ThreadCpu.between(threadsBefore, server.threadCpu()));
    }

    /** Every sender at its own steady rate, phases spread so that senders do not all fire in the same millisecond. */
    private void sendAll(Shape shape, List<List<Person>> rooms, Tally tally, long messagesPerSender) {
        List<Person> senders = new ArrayList<>();
        rooms.forEach(people -> senders.addAll(people.subList(0, shape.senders())));
        long periodNanos = 1_000_000_000L / shape.rate();
        long[] sent = new long[senders.size()];
        List<Person> typists = new ArrayList<>();
        rooms.forEach(people -> typists.addAll(people.subList(0, Math.min(typing.typistsPerRoom(), people.size()))));
        long typingNanos = TimeUnit.MILLISECONDS.toNanos(typing.everyMs());
        long[] typed = new long[typists.size()];
        long start = System.nanoTime();
        crowd.vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            boolean done = true;
            for (int i = 0; i < senders.size(); i++) {
                long phase = periodNanos * i / senders.size();
                long due = Math.min(messagesPerSender, Math.max(0, (now - start - phase) / periodNanos + 1));
                while (sent[i] < due) {
                    crowd.say(senders.get(i), tally.text(i, ++sent[i]), reply -> {
                        if ("err".equals(reply.getString("type"))) {
                            tally.refused(shape.people());
                        } else {
                            tally.replies.incrementAndGet();
                        }
                    });
                }
                done &= sent[i] >= messagesPerSender;
            }
            for (int i = 0; i < typists.size() && !done; i++) {
                long due = Math.max(0, Math.floorDiv(now - start - typingNanos * i / typists.size(), typingNanos) + 1);
                if (typed[i] < due) {
                    typed[i] = due;
                    crowd.typing(typists.get(i));
                    tally.typingSent.incrementAndGet();
                }
            }
            if (done) {
                crowd.vertx.cancelTimer(timer);
            }
        });
    }

    private record Result(Tally tally, long elapsedMicros, long serverCpuMicros, long generatorCpuMicros, long peakRssKb,
                          Map<ThreadCpu.Group, Long> byThread) {

        String threadsRow(Server server, Shape shape) {
            if (byThread.isEmpty()) {
                return "";
            }
            double delivered = Math.max(1, tally.delivered.get());
            return String.format(Locale.ROOT, "| %s | %d × %d | %d × %d | ", server.kind.label, shape.rooms(), shape.people(),
                    shape.rooms() * shape.senders(), shape.rate())
                + Arrays.stream(ThreadCpu.Group.values())
                    .map(group -> String.format(Locale.ROOT, "%.1f | ", byThread.get(group) / delivered)).collect(Collectors.joining())
                + String.format(Locale.ROOT, "%.1f |", byThread.values().stream().mapToLong(Long::longValue).sum() / delivered);
        }

        double serverMicrosPerDelivery() {
            return serverCpuMicros < 0 ? -1 : serverCpuMicros / (double) Math.max(1, tally.delivered.get());
        }

        Counted counted() {
            return new Counted(tally.delivered.get(), tally.typingSent.get(), tally.typingDelivered.get(), serverCpuMicros,
                elapsedMicros, tally.latencyMicros.getValueAtPercentile(99) / 1000.0);
        }

        String format(Server server, Shape shape) {
            long delivered = tally.delivered.get();
            double perSecond = delivered / (elapsedMicros / 1e6);
            double ofTarget = perSecond / shape.targetDeliveriesPerSecond();
            double serverCores = serverCpuMicros / (double) elapsedMicros;
            double generatorCores = generatorCpuMicros / (double) elapsedMicros;
            Histogram latency = tally.latencyMicros;
            return String.format(Locale.ROOT,
                "| %s | %d × %d | %d × %d | %d | %d | %.0f | %.0f %% | %.2f | %.2f | %.2f | %d | %d | %d | %s | %.1f | %s | %.0f | %s | %s |",
                server.kind.label, shape.rooms(), shape.people(), shape.rooms() * shape.senders(), shape.rate(),
                shape.rooms() * shape.senders() * shape.messagesPerSender(), tally.refused.get(), perSecond, ofTarget * 100,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
                tally.undelivered(), tally.duplicates.get(), tally.outOfOrder.get(),
                serverCpuMicros < 0 ? "–" : String.format(Locale.ROOT, "%.1f", serverMicrosPerDelivery()),
                generatorCpuMicros / (double) Math.max(1, delivered),
                serverCpuMicros < 0 ? "–" : String.format(Locale.ROOT, "%.0f", serverCores * 100),
                generatorCores * 100,
                peakRssKb < 0 ? "–" : String.valueOf(peakRssKb / 1024),
                boundBy(ofTarget, serverCores, generatorCores));
        }

        /** Which side ran out of CPU when the cell fell behind its target; "–" when it kept up. */
        private static String boundBy(double ofTarget, double serverCores, double generatorCores) {
            if (ofTarget >= KEPT_UP) {
                return "–";
            }
            int cores = Runtime.getRuntime().availableProcessors();
            if (serverCores + generatorCores >= cores * BUSY_CORES) {
                return serverCores >= generatorCores ? "machine (server busier)" : "machine (generator busier)";
            }
            return serverCores >= BUSY_CORES ? "server" : generatorCores >= BUSY_CORES ? "generator" : "latency (neither CPU full)";
        }
    }
}
