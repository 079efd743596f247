package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.cluster.InJvmCluster;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static com.gifchat.bus.Addresses.roomOwning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered nodes in this JVM, on the production Hazelcast configuration: a node owns rooms only while it is
 * registered as a candidate owner, so one that has joined but not started, or that drains, is handed nothing; and a
 * message sent to a node that has just started draining is still answered.
 */
class RoomOwnersInClusterTest {

    private static final long START_S = 60;
    /** Far below the event bus's 30 s timeout: a message the draining node does not answer fails the test. */
    private static final long ANSWER_S = 10;
    private static final List<String> ROOMS = IntStream.range(0, 200).mapToObj(i -> "room" + i).toList();

    @RegisterExtension
    static final InJvmCluster cluster = InJvmCluster.of("owners", 2);

    private static String idOf(Vertx node) {
        return ((VertxInternal) node).clusterManager().getNodeId();
    }

    /** The node's owners, reading the writers on one of its event loops as RoomsVerticle does. */
    private static RoomOwners ownersOn(Vertx node) throws Exception {
        RoomOwners owners = RoomOwners.of(node);
        Promise<Void> started = Promise.promise();
        node.getOrCreateContext().runOnContext(v -> owners.start(node).onComplete(started));
        started.future().await(START_S, TimeUnit.SECONDS);
        return owners;
    }

    private static MessageConsumer<JsonObject> writerOn(Vertx node) throws Exception {
        MessageConsumer<JsonObject> writer = Bus.serveCluster(node.eventBus(), roomOwning(idOf(node)),
            request -> Future.succeededFuture(new JsonObject()));
        writer.completion().await(START_S, TimeUnit.SECONDS);
        return writer;
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + TestApp.WAIT + ": " + what);
            cluster.node(0).timer(20).await(START_S, TimeUnit.SECONDS);
        }
    }

    private static boolean everyRoomOwnedBy(RoomOwners owners, String node) {
        return ROOMS.stream().allMatch(room -> owners.ownerOf(room).equals(node));
    }

    @Test
    void onlyNodesWhoseWriterIsRegisteredOwnRooms() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        RoomOwners onA = ownersOn(a);
        RoomOwners onB = ownersOn(b);
        String idA = idOf(a);
        String idB = idOf(b);
        // both nodes are members, neither has started its writer: each writes its rooms itself
        assertTrue(everyRoomOwnedBy(onA, idA) && everyRoomOwnedBy(onB, idB));

        MessageConsumer<JsonObject> writerB = writerOn(b);
        long changesBefore = onA.changes();
        await(() -> everyRoomOwnedBy(onA, idB), "node b, the only writer, owns every room as seen from a");
        assertTrue(onA.changes() > changesBefore, "a counts the change of owners");

        MessageConsumer<JsonObject> writerA = writerOn(a);
        await(() -> ROOMS.stream().allMatch(room -> onA.ownerOf(room).equals(onB.ownerOf(room)))
                && ROOMS.stream().anyMatch(room -> onA.ownerOf(room).equals(idA))
                && ROOMS.stream().anyMatch(room -> onA.ownerOf(room).equals(idB)),
            "with two writers, the rooms are shared and both nodes name the same owner");

        // b drains: its writer stops serving, and its rooms go to a
        writerB.unregister().await(START_S, TimeUnit.SECONDS);
        await(() -> everyRoomOwnedBy(onA, idA) && everyRoomOwnedBy(onB, idA), "a owns every room once b drains");
        assertEquals(idA, onB.ownerOf(ROOMS.get(0)), "b hands its own rooms to a too");
        writerA.unregister().await(START_S, TimeUnit.SECONDS);
    }

    /** Runs {@code action} on a context of {@code node} and waits for its outcome. */
    private static <T> T on(Vertx node, Supplier<Future<T>> action) throws Exception {
        Promise<T> outcome = Promise.promise();
        node.getOrCreateContext().runOnContext(v -> action.get().onComplete(outcome));
        return outcome.future().await(ANSWER_S, TimeUnit.SECONDS);
    }

    @Test
    void aMessageSentToANodeThatJustStartedDrainingIsAnswered() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        String idA = idOf(a);
        String idB = idOf(b);
        // a only sends (it reads the owners when told, not every 200 ms); b writes every room
        RoomOwners onA = RoomOwners.of(a);
        RoomWriting fromA = new RoomWriting(a.eventBus(), onA,
            (room, message) -> Future.succeededFuture(new JsonObject().put("writtenBy", idA)));
        RoomOwners onB = RoomOwners.of(b);
        RoomWriting writingB = new RoomWriting(b.eventBus(), onB,
            (room, message) -> Future.succeededFuture(new JsonObject().put("writtenBy", idB)));
        on(b, writingB::serve);
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        do {
            assertTrue(System.nanoTime() < deadline, "a did not see b as the rooms' owner within " + TestApp.WAIT);
            on(a, onA::check);
        } while (!onA.ownerOf(ROOMS.get(0)).equals(idB));

        // b starts draining; a has not read the owners since, so it still hands b the room's messages
        on(b, writingB::stopOwning);
        JsonObject answered = on(a, () -> fromA.append(ROOMS.get(0), new JsonObject().put("text", "in the moment")));
        assertEquals(idB, answered.getString("writtenBy"), "the draining node still writes what it is handed");

        on(a, onA::check);
        assertEquals(idA, onA.ownerOf(ROOMS.get(0)), "once a reads the owners again, b owns nothing");
        assertEquals(idA, on(a, () -> fromA.append(ROOMS.get(0), new JsonObject().put("text", "after"))).getString("writtenBy"));
    }
}
