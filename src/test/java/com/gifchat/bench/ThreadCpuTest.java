package com.gifchat.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's CPU by kind of thread: names sorted into groups, and this test JVM's own counters read. */
class ThreadCpuTest {

    /** A tenth of a second: ten of the kernel's clock ticks. */
    private static final long BUSY_MICROS = 100_000;

    @Test
    void threadsAreGroupedByTheNamesTheKernelKeeps() {
        assertEquals(ThreadCpu.Group.EVENT_LOOPS, ThreadCpu.groupOf("vert.x-eventloo"));
        assertEquals(ThreadCpu.Group.DATABASE, ThreadCpu.groupOf("mongo-server-wo"));
        assertEquals(ThreadCpu.Group.DATABASE, ThreadCpu.groupOf("H2-serializatio"));
        assertEquals(ThreadCpu.Group.DATABASE, ThreadCpu.groupOf("MVStore backgro"));
        assertEquals(ThreadCpu.Group.DRIVER, ThreadCpu.groupOf("AsyncGetter-1-t"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.groupOf("GC Thread#0"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.groupOf("G1 Conc#0"));
        assertEquals(ThreadCpu.Group.JIT, ThreadCpu.groupOf("C2 CompilerThre"));
        assertEquals(ThreadCpu.Group.OTHER, ThreadCpu.groupOf("vert.x-worker-t"));
    }

    @Test
    void aBusyThreadsTimeIsCountedInItsGroup() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<ThreadCpu.Group, Long> before = ThreadCpu.of(pid, 0);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spins = new AtomicLong();
        // named as an event loop, so its time must show there
        Thread busy = new Thread(() -> {
            while (!stop.get()) {
                spins.incrementAndGet();
            }
        }, "vert.x-eventloop-thread-test");
        busy.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<ThreadCpu.Group, Long> spent;
            do {
                Thread.sleep(50);
                spent = ThreadCpu.between(before, ThreadCpu.of(pid, 0));
                assertEquals(ThreadCpu.Group.values().length, spent.size(), "the counters of this process can be read");
            } while (spent.get(ThreadCpu.Group.EVENT_LOOPS) < BUSY_MICROS && System.nanoTime() < deadline);
            assertTrue(spent.get(ThreadCpu.Group.EVENT_LOOPS) >= BUSY_MICROS, "the spinning thread's time: " + spent);
        } finally {
            stop.set(true);
            busy.join();
        }
        assertTrue(spins.get() > 0);
    }

    @Test
    void whatTheThreadsDoNotAccountForGoesToOther() {
        long pid = ProcessHandle.current().pid();
        Map<ThreadCpu.Group, Long> threads = ThreadCpu.of(pid, 0);
        long counted = threads.values().stream().mapToLong(Long::longValue).sum();
        // as if threads that ended had spent a second more than the living ones show
        Map<ThreadCpu.Group, Long> withEnded = ThreadCpu.of(pid, counted + 1_000_000);
        assertTrue(withEnded.get(ThreadCpu.Group.OTHER) - threads.get(ThreadCpu.Group.OTHER) >= 500_000, withEnded.toString());
    }
}
