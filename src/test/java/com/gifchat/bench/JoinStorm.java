package com.gifchat.bench;

import io.vertx.core.Future;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (c): {@code people} people connect to one room at the same moment. Their tickets (one room page each) are
 * fetched first and not timed; the clock runs from the first connect to the last welcome, the moment the last of them
 * is admitted and subscribed. A smaller storm comes and goes first, so that the JIT has seen the join path.
 */
final class JoinStorm {

    static final String HEADER = """
        | people | all admitted in s | admission p50 ms | admission p99 ms | refused | joined notices per person | server CPU s | server CPU % | generator CPU % |
        |---|---|---|---|---|---|---|---|---|""";

    private static final long TIMEOUT_SECONDS = 120;
    private static final int WARM_UP_DIVISOR = 5;

    private final Crowd crowd;

    JoinStorm(Crowd crowd) {
        this.crowd = crowd;
    }

    String row(Server server, int people) throws Exception {
        String warmUpRoom = crowd.createRoom(server, "Warm-up storm");
        Future.all(crowd.tickets(server, warmUpRoom, people / WARM_UP_DIVISOR).stream()
            .map(ticket -> crowd.enter(server, warmUpRoom, ticket)).toList()).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        crowd.leaveAll();
        String roomId = crowd.createRoom(server, "Join storm");
        List<String> tickets = crowd.tickets(server, roomId, people);
        Histogram admission = new Histogram(TimeUnit.SECONDS.toMicros(TIMEOUT_SECONDS), 3);
        try {
            long serverCpu = server.cpuMicros();
            long generatorCpu = Crowd.cpuMicros();
            long started = System.nanoTime();
            List<Future<Person>> entering = new ArrayList<>();
            for (String ticket : tickets) {
                entering.add(crowd.enter(server, roomId, ticket).onSuccess(person -> record(admission, started)));
            }
            Future.join(entering).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long elapsedMicros = (System.nanoTime() - started) / 1000;
            long serverCpuMicros = server.cpuMicros() - serverCpu;
            long refused = entering.stream().filter(Future::failed).count();
            double notices = entering.stream().filter(Future::succeeded)
                .mapToInt(person -> person.result().joinedNotices()).average().orElse(0);
            return String.format(Locale.ROOT, "| %d | %.2f | %.0f | %.0f | %d | %.1f | %s | %s | %.0f |",
                people, elapsedMicros / 1e6, admission.getValueAtPercentile(50) / 1000.0, admission.getValueAtPercentile(99) / 1000.0,
                refused, notices, server.figure("%.2f", serverCpuMicros / 1e6), server.figure("%.0f", 100.0 * serverCpuMicros / elapsedMicros),
                100.0 * (Crowd.cpuMicros() - generatorCpu) / elapsedMicros);
        } finally {
            crowd.leaveAll();
        }
    }

    private static synchronized void record(Histogram admission, long started) {
        admission.recordValue((System.nanoTime() - started) / 1000);
    }
}
