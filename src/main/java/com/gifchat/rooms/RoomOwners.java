package com.gifchat.rooms;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static com.gifchat.bus.Addresses.roomOwning;

/**
 * Which node writes a room's messages: one node per room across the cluster, so that one writer numbers the room (no
 * two nodes race for its next number in the store) and one publisher sends its messages, in their order, to every
 * node. Chosen by rendezvous hashing over the nodes registered as candidate owners on the event bus
 * ({@link com.gifchat.bus.Addresses#ROOM_OWNING_PREFIX}, after their writer): every node computes
 * the same owner from the same list (read every 200 ms, not per message), and when a node starts or stops writing,
 * only the rooms it owned, or comes to own, change hands. A node that has joined the cluster but not yet started its
 * verticles, or that drains before it stops, owns nothing. While two nodes' lists differ (while a change reaches all),
 * both may write in a room: the store's unique message ids keep the numbers unique, but the room's order across nodes
 * is not then kept.
 */
final class RoomOwners {

    /** How often the writers are read again: their list changes only when a node starts, drains or leaves. */
    private static final long WRITERS_CHECK_MS = 200;
    /** A reading the cluster does not answer in this time is given up, and the last list kept. */
    private static final long READING_TIMEOUT_S = 5;

    private final String self;
    private final Supplier<Future<Collection<String>>> writers;
    /** Writers that came or went since this node started: a room may have had another owner meanwhile. */
    private final AtomicLong changes = new AtomicLong();
    /** The writers as last read: the owner of every message is chosen among these, not read again per message. */
    private volatile Set<String> lastWriters = Set.of();
    private boolean checking;

    RoomOwners(String self, Supplier<Future<Collection<String>>> writers) {
        this.self = self;
        this.writers = writers;
    }

    /** This node alone when it is not clustered, else the cluster's members registered as candidate owners. */
    static RoomOwners of(Vertx vertx) {
        if (!vertx.isClustered()) {
            return new RoomOwners("", () -> Future.succeededFuture(List.of("")));
        }
        ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
        return new RoomOwners(cluster.getNodeId(), () -> writersAmong(cluster));
    }

    /** Reads the writers, and again every 200 ms on the caller's context; completes after the first reading. */
    Future<Void> start(Vertx vertx) {
        vertx.setPeriodic(WRITERS_CHECK_MS, id -> check());
        return check();
    }

    /** The members registered as candidate owners: one look-up in the cluster's registrations per member. */
    private static Future<Collection<String>> writersAmong(ClusterManager cluster) {
        List<String> members = cluster.getNodes();
        List<Future<List<RegistrationInfo>>> lookups = members.stream().map(node -> {
            Promise<List<RegistrationInfo>> registrations = Promise.promise();
            cluster.getRegistrations(roomOwning(node), registrations);
            return registrations.future();
        }).toList();
        return Future.all(lookups).map(all -> IntStream.range(0, members.size())
            .filter(i -> !all.<List<RegistrationInfo>>resultAt(i).isEmpty())
            .mapToObj(members::get).toList());
    }

    /**
     * How many times the writers changed since this node started: while it stays the same, the rooms this node owns
     * had no other owner; once it moves, what this node remembers of a room may be missing what another owner stored
     * meanwhile.
     */
    long changes() {
        return changes.get();
    }

    /**
     * Reads the writers again, and counts a change when they differ from those seen last time; a reading still under
     * way is not started twice, and one that fails keeps the last list.
     */
    Future<Void> check() {
        if (checking) {
            return Future.succeededFuture();
        }
        checking = true;
        Future<Collection<String>> reading;
        try {
            reading = writers.get().timeout(READING_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (RuntimeException clusterGoing) {
            reading = Future.failedFuture(clusterGoing);
        }
        return reading
            .onComplete(read -> checking = false)
            .onSuccess(read -> {
                Set<String> now = Set.copyOf(read);
                if (!now.equals(lastWriters)) {
                    lastWriters = now;
                    changes.incrementAndGet();
                }
            })
            .<Void>mapEmpty()
            .recover(failed -> Future.succeededFuture());
    }

    /** This node's id in the cluster: what {@link #ownerOf} answers for the rooms it writes. */
    String self() {
        return self;
    }

    /** The node whose writer stores and publishes the room's messages; this node when it knows no writer. */
    String ownerOf(String roomId) {
        String owner = null;
        long best = 0;
        for (String node : lastWriters) {
            long score = score(roomId, node);
            if (owner == null || score > best || score == best && node.compareTo(owner) < 0) {
                best = score;
                owner = node;
            }
        }
        return owner == null ? self : owner;
    }

    /** A well-mixed 64-bit value of the pair, the same on every JVM (String.hashCode alone clusters similar ids). */
    static long score(String roomId, String node) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (roomId + '\n' + node).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }
}
