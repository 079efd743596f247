package com.gifchat.store.embedded;

import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store's data file under a steady stream of commits, one chunk each: it reaches a size it keeps, because
 * the space of dead chunks is reused within seconds, and the thread that forces it to disk ends with the store.
 */
class DataFileIT {

    /** H2's own default keeps every dead chunk 45 s, so its file grows at least that long; ours is seconds. */
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final Duration STEADY_FOR = Duration.ofSeconds(3);
    /** About the commit rate of a busy chat; faster, and the file under test grows by gigabytes. */
    private static final int COMMITS_PER_SECOND = 500;
    private static final int KEYS = 100;
    private static final Duration THREAD_END = Duration.ofSeconds(5);

    @Test
    void underSteadyCommitsTheFileStopsGrowingWithinSeconds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("store.mv");
        CommittingH2Backend backend = new CommittingH2Backend(file.toString());
        try {
            MVMap<Integer, String> map = backend.getMvStore().openMap("steady");
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            long size = 0;
            long sameSince = System.nanoTime();
            int written = 0;
            while (System.nanoTime() - sameSince < STEADY_FOR.toNanos()) {
                assertTrue(System.nanoTime() < giveUp, "the data file was still growing after " + GIVE_UP.toSeconds() + " s: " + size + " bytes");
                map.put(written % KEYS, "message " + written);
                backend.commit();
                written++;
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos() / COMMITS_PER_SECOND);
                long now = Files.size(file);
                if (now != size) {
                    size = now;
                    sameSince = System.nanoTime();
                }
            }
        } finally {
            backend.close();
        }
    }

    @Test
    void theSyncThreadEndsWithTheStore(@TempDir Path dir) throws InterruptedException {
        Set<Thread> before = syncThreads();
        CommittingH2Backend backend = new CommittingH2Backend(dir.resolve("store.mv").toString());
        Set<Thread> ours = syncThreads();
        ours.removeAll(before);
        assertEquals(1, ours.size(), "one thread forces the open file to disk");
        backend.close();
        Thread sync = ours.iterator().next();
        sync.join(THREAD_END.toMillis());
        assertFalse(sync.isAlive(), "the sync thread ended with the store");
    }

    private static Set<Thread> syncThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(CommittingH2Backend.SYNC_THREAD))
            .collect(Collectors.toCollection(HashSet::new));
    }
}
