package com.gifchat.rooms;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Every node names the same writer for a room, rooms spread over the nodes, and a node leaving moves only its own. */
class RoomOwnersTest {

    private static final List<String> THREE = List.of("node-a", "node-b", "node-c");
    private static final List<String> ROOMS = IntStream.range(0, 3000).mapToObj(i -> "room" + i).toList();

    private static RoomOwners seenFrom(String self, List<String> writers) {
        RoomOwners owners = new RoomOwners(self, () -> Future.succeededFuture(writers));
        owners.check();
        return owners;
    }

    @Test
    void everyNodeNamesTheSameOwnerWhateverOrderItListsTheMembersIn() {
        List<String> reversed = new ArrayList<>(THREE);
        Collections.reverse(reversed);
        RoomOwners a = seenFrom("node-a", THREE);
        RoomOwners c = seenFrom("node-c", reversed);
        for (String room : ROOMS) {
            assertEquals(a.ownerOf(room), c.ownerOf(room), room);
        }
    }

    @Test
    void roomsSpreadOverTheNodes() {
        Map<String, Integer> owned = new HashMap<>();
        RoomOwners owners = seenFrom("node-a", THREE);
        ROOMS.forEach(room -> owned.merge(owners.ownerOf(room), 1, Integer::sum));
        assertEquals(THREE.size(), owned.size(), owned.toString());
        // a fair share is 1,000 each; a hash that clustered similar ids would leave one node most of them
        owned.values().forEach(count -> assertTrue(count > 850 && count < 1150, owned.toString()));
    }

    @Test
    void aNodeLeavingMovesOnlyTheRoomsItOwned() {
        RoomOwners before = seenFrom("node-a", THREE);
        RoomOwners after = seenFrom("node-a", List.of("node-a", "node-c"));
        int moved = 0;
        for (String room : ROOMS) {
            String owner = before.ownerOf(room);
            if (owner.equals("node-b")) {
                moved++;
                assertNotEquals("node-b", after.ownerOf(room));
            } else {
                assertEquals(owner, after.ownerOf(room), room);
            }
        }
        assertTrue(moved > 0);
    }

    @Test
    void aNodeThatKnowsNoMembersWritesItself() {
        assertEquals("node-a", seenFrom("node-a", List.of()).ownerOf("room1"));
        assertEquals("node-a", seenFrom("node-a", List.of("node-a")).ownerOf("room1"));
    }
}
