package com.gifchat.realtime;

import com.gifchat.identity.Identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One bridged socket as {@link BridgeGuard} knows it: the rooms it joined, each with the person its ticket admitted;
 * the rooms it is entering (true while still wanted, false once unregistered) and leaving; when it last said its
 * person was typing in each room.
 */
final class BridgeConnection {

    /** A browser page joins one room: the maps are sized for that, not for the default sixteen. */
    private static final int USUAL_ROOMS = 1;

    private final String id;
    /** Kept with its members, so that one address's places in a room can be counted. */
    private final String addressHash;
    private final Map<String, Identity> rooms = new HashMap<>(USUAL_ROOMS);
    private final Map<String, Boolean> joining = new HashMap<>(USUAL_ROOMS);
    private final Set<String> leaving = new HashSet<>(USUAL_ROOMS);
    private Map<String, Long> lastTyped;
    private boolean closed;

    BridgeConnection(String id, String addressHash) {
        this.id = id;
        this.addressHash = addressHash;
    }

    String id() {
        return id;
    }

    String addressHash() {
        return addressHash;
    }

    Map<String, Identity> rooms() {
        return rooms;
    }

    Map<String, Boolean> joining() {
        return joining;
    }

    Set<String> leaving() {
        return leaving;
    }

    boolean closed() {
        return closed;
    }

    /** A join still on its way sees this and leaves again. */
    void close() {
        closed = true;
    }

    /** Whether a typing signal for this room may go out now (and, if so, counts it). */
    boolean mayType(String roomId, long now, long intervalMs) {
        if (lastTyped == null) {
            lastTyped = new HashMap<>(USUAL_ROOMS);
        }
        Long last = lastTyped.get(roomId);
        if (last != null && now - last < intervalMs) {
            return false;
        }
        lastTyped.put(roomId, now);
        return true;
    }
}
