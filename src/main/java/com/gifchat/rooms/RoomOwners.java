package com.gifchat.rooms;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Which node writes a room's messages: one node per room across the cluster, so that one writer numbers the room (no
 * two nodes race for its next number in the store) and one publisher sends its messages, in their order, to every
 * node. Chosen by rendezvous hashing over the cluster's members: every node computes the same owner from the same
 * member list (read every 200 ms, not per message), and when a node joins or leaves, only the rooms it owned, or comes
 * to own, change hands. While two nodes' lists differ (while a membership change reaches all, or a new member's
 * verticles start), both may write in a room: the store's unique message ids keep the numbers unique, but the room's
 * order across nodes is not then kept.
 */
final class RoomOwners {

    /**
     * How often the member list is compared with the last one seen: a member is there for seconds before its verticles
     * can own anything (it starts its store first).
     */
    private static final long MEMBERS_CHECK_MS = 200;

    private final String self;
    private final Supplier<List<String>> members;
    /** Members that joined or left since this node started: a room may have had another owner meanwhile. */
    private final AtomicLong changes = new AtomicLong();
    /** The members as last read: the owner of every message is chosen among these, not read again per message. */
    private volatile Set<String> lastMembers = Set.of();

    RoomOwners(String self, Supplier<List<String>> members) {
        this.self = self;
        this.members = members;
        checkMembers();
    }

    /** This node alone when it is not clustered, else the cluster's members as its cluster manager knows them. */
    static RoomOwners of(Vertx vertx) {
        if (!vertx.isClustered()) {
            return new RoomOwners("", () -> List.of(""));
        }
        ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
        RoomOwners owners = new RoomOwners(cluster.getNodeId(), cluster::getNodes);
        vertx.setPeriodic(MEMBERS_CHECK_MS, id -> owners.checkMembers());
        return owners;
    }

    /**
     * How many times the cluster's members changed since this node started: while it stays the same, the rooms this
     * node owns had no other owner; once it moves, what this node remembers of a room may be missing what another
     * owner stored meanwhile.
     */
    long changes() {
        return changes.get();
    }

    /** Reads the members again, and counts a change when they differ from those seen last time. */
    void checkMembers() {
        Set<String> now = Set.copyOf(members.get());
        if (!now.equals(lastMembers)) {
            lastMembers = now;
            changes.incrementAndGet();
        }
    }

    /** This node's id in the cluster: what {@link #ownerOf} answers for the rooms it writes. */
    String self() {
        return self;
    }

    /** The node whose writer stores and publishes the room's messages; this node when it knows no other member. */
    String ownerOf(String roomId) {
        String owner = null;
        long best = 0;
        for (String node : lastMembers) {
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
