package com.gifchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server process's CPU time by the kind of thread that spent it, read from Linux's per-thread counters
 * ({@code /proc/<pid>/task/<tid>/stat}): where a cell's CPU went, by CPU time rather than by a profiler's samples. The
 * groups go by the names the JVM and the libraries give their threads.
 */
final class ThreadCpu {

    /** Kinds of thread, in the order a table shows them. */
    enum Group {
        /** Vert.x's event loops: the bridge, the gateway, the rooms and store verticles, and the MongoDB driver's I/O. */
        EVENT_LOOPS("event loops"),
        /** The embedded database: the wire-protocol server's workers and H2's commit and file threads. */
        DATABASE("embedded database"),
        /** The MongoDB driver's connection check-out thread, which also encodes each command it hands a connection. */
        DRIVER("driver check-out"),
        GC("garbage collector"),
        JIT("JIT compilers"),
        /** Everything else, and threads that ended during the cell. */
        OTHER("other");

        final String label;

        Group(String label) {
            this.label = label;
        }
    }

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long MICROS_PER_TICK = 1_000_000 / CLOCK_TICKS_PER_SECOND;

    private ThreadCpu() {
    }

    /** The group of a thread by its name as the kernel keeps it (the JVM's thread name, cut to 15 characters). */
    static Group groupOf(String threadName) {
        if (threadName.startsWith("vert.x-eventloo")) {
            return Group.EVENT_LOOPS;
        }
        if (threadName.startsWith("mongo-server") || threadName.startsWith("H2-") || threadName.startsWith("MVStore")) {
            return Group.DATABASE;
        }
        if (threadName.startsWith("AsyncGetter")) {
            return Group.DRIVER;
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return Group.GC;
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return Group.JIT;
        }
        return Group.OTHER;
    }

    /**
     * CPU microseconds of process {@code pid} by group; {@code processMicros}, the whole process's figure, makes up
     * {@link Group#OTHER} for the threads that ended. Empty where the per-thread counters cannot be read.
     */
    static Map<Group, Long> of(long pid, long processMicros) {
        Map<Group, Long> byGroup = new EnumMap<>(Group.class);
        for (Group group : Group.values()) {
            byGroup.put(group, 0L);
        }
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        List<Path> threads;
        try (Stream<Path> listed = Files.list(tasks)) {
            threads = listed.toList();
        } catch (IOException | UncheckedIOException unreadable) {
            return Map.of();
        }
        long counted = 0;
        for (Path thread : threads) {
            String stat;
            try {
                stat = Files.readString(thread.resolve("stat"));
            } catch (NoSuchFileException ended) {
                continue;
            } catch (IOException unreadable) {
                return Map.of();
            }
            long micros = micros(stat);
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            byGroup.merge(groupOf(name), micros, Long::sum);
            counted += micros;
        }
        byGroup.merge(Group.OTHER, Math.max(0, processMicros - counted), Long::sum);
        return byGroup;
    }

    /** User plus system time of one /proc stat line (a process's or a thread's); the name in parentheses may hold spaces. */
    static long micros(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
    }

    /** What each group spent between two readings; empty when either is. */
    static Map<Group, Long> between(Map<Group, Long> before, Map<Group, Long> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Map.of();
        }
        Map<Group, Long> spent = new EnumMap<>(Group.class);
        after.forEach((group, micros) -> spent.put(group, Math.max(0, micros - before.getOrDefault(group, 0L))));
        return spent;
    }

    /** Adds {@code more} into {@code sum}: the nodes of a cluster, or a server and its database process. */
    static Map<Group, Long> plus(Map<Group, Long> sum, Map<Group, Long> more) {
        if (sum.isEmpty() || more.isEmpty()) {
            return Map.of();
        }
        Map<Group, Long> total = new EnumMap<>(sum);
        more.forEach((group, micros) -> total.merge(group, micros, Long::sum));
        return total;
    }
}
