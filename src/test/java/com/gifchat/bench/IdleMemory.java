package com.gifchat.bench;

import io.vertx.core.Future;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (d): what an idle connected person costs. Heap after a full collection and resident memory with nobody
 * connected, then with {@code people} people in a room (each with its session and its bridge socket), and the
 * difference per person. A small crowd comes and goes first, so that class loading and JIT are not counted as people.
 * A second row per server does without the warm-up and the forced collections: what a fresh server grows by.
 */
final class IdleMemory {

    static final String HEADER = """
        | server | people | heap MB, nobody | heap MB, people in | heap KB per person | live objects KB per person | RSS MB, nobody | RSS MB, people in | RSS KB per person |
        |---|---|---|---|---|---|---|---|---|""";

    private static final int WARM_UP_PEOPLE = 50;
    private static final int ARRIVING_TOGETHER = 50;
    private static final long TIMEOUT_SECONDS = 120;

    private final Crowd crowd;

    IdleMemory(Crowd crowd) {
        this.crowd = crowd;
    }

    String row(Server server, int people) throws Exception {
        String roomId = crowd.createRoom(server, "Idle");
        crowd.gather(server, roomId, WARM_UP_PEOPLE);
        crowd.leaveAll();
        OptionalLong heapBefore = server.heapUsedAfterGcKb();
        OptionalLong liveBefore = server.liveObjectsKb();
        long rssBefore = server.rssKb();
        List<String> tickets = crowd.tickets(server, roomId, people);
        Future.all(tickets.stream().map(ticket -> crowd.enter(server, roomId, ticket)).toList())
            .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            OptionalLong heapAfter = server.heapUsedAfterGcKb();
            OptionalLong liveAfter = server.liveObjectsKb();
            long rssAfter = server.rssKb();
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.0f | %.0f | %.1f |",
                server.kind.label, people, megabytes(heapBefore), megabytes(heapAfter), perPerson(heapBefore, heapAfter, people),
                perPerson(liveBefore, liveAfter, people),
                rssBefore / 1024.0, rssAfter / 1024.0, (rssAfter - rssBefore) / (double) people);
        } finally {
            crowd.leaveAll();
        }
    }

    /**
     * The same seen from outside, as an operator would: on a server just started, with no warm-up and no collection
     * forced, {@code people} arrive {@link #ARRIVING_TOGETHER} at a time; only the RSS columns are read.
     */
    String arrivingRow(Server server, int people) throws Exception {
        String roomId = crowd.createRoom(server, "Arriving");
        long rssBefore = server.rssKb();
        for (int start = 0; start < people; start += ARRIVING_TOGETHER) {
            List<String> tickets = crowd.tickets(server, roomId, Math.min(ARRIVING_TOGETHER, people - start));
            Future.all(tickets.stream().map(ticket -> crowd.enter(server, roomId, ticket)).toList())
                .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        try {
            long rssAfter = server.rssKb();
            return String.format(Locale.ROOT, "| %s, fresh, %d at a time | %d | – | – | – | – | %.0f | %.0f | %.1f |",
                server.kind.label, ARRIVING_TOGETHER, people, rssBefore / 1024.0, rssAfter / 1024.0,
                (rssAfter - rssBefore) / (double) people);
        } finally {
            crowd.leaveAll();
        }
    }

    private static String megabytes(OptionalLong kb) {
        return kb.isPresent() ? String.format(Locale.ROOT, "%.1f", kb.getAsLong() / 1024.0) : "–";
    }

    private static String perPerson(OptionalLong before, OptionalLong after, int people) {
        return before.isPresent() && after.isPresent()
            ? String.format(Locale.ROOT, "%.1f", (after.getAsLong() - before.getAsLong()) / (double) people) : "–";
    }
}
