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
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
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

    /** What each test deployed, undeployed after it: timers and consumers go before the nodes leave the cluster. */
    private final List<Supplier<Future<Void>>> undeploy = new ArrayList<>();

    @AfterEach
    void undeployWhatTheTestStarted() throws Exception {
        for (Supplier<Future<Void>> undeployment : undeploy) {
            undeployment.get().await(START_S, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs {@code start} as the start of a verticle of its own on {@code node}, as RoomsVerticle runs the owners and
     * the writing: what it starts belongs to that verticle and ends with it.
     */
    private void startInVerticle(Vertx node, Supplier<Future<?>> start) throws Exception {
        String id = node.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return start.get();
            }
        }).await(START_S, TimeUnit.SECONDS);
        undeploy.add(() -> node.undeploy(id));
    }

    private static String idOf(Vertx node) {
        return ((VertxInternal) node).clusterManager().getNodeId();
    }

    /** The node's owners, reading the candidates every 200 ms on an event loop as RoomsVerticle does. */
    private RoomOwners ownersOn(Vertx node) throws Exception {
        RoomOwners owners = RoomOwners.of(node);
        startInVerticle(node, () -> owners.start(node));
        return owners;
    }

    private MessageConsumer<JsonObject> candidateOwnerOn(Vertx node) throws Exception {
        MessageConsumer<JsonObject> candidate = Bus.serveCluster(node.eventBus(), roomOwning(idOf(node)),
            request -> Future.succeededFuture(new JsonObject()));
        candidate.completion().await(START_S, TimeUnit.SECONDS);
        return candidate;
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
    void onlyNodesRegisteredAsOwnersOwnRooms() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        RoomOwners onA = ownersOn(a);
        RoomOwners onB = ownersOn(b);
        String idA = idOf(a);
        String idB = idOf(b);
        // both nodes are members, neither is registered as an owner yet: each writes its rooms itself
        assertTrue(everyRoomOwnedBy(onA, idA) && everyRoomOwnedBy(onB, idB));

        MessageConsumer<JsonObject> ownerB = candidateOwnerOn(b);
        long changesBefore = onA.changes();
        await(() -> everyRoomOwnedBy(onA, idB), "node b, the only candidate, owns every room as seen from a");
        assertTrue(onA.changes() > changesBefore, "a counts the change of owners");

        MessageConsumer<JsonObject> ownerA = candidateOwnerOn(a);
        await(() -> ROOMS.stream().allMatch(room -> onA.ownerOf(room).equals(onB.ownerOf(room)))
                && ROOMS.stream().anyMatch(room -> onA.ownerOf(room).equals(idA))
                && ROOMS.stream().anyMatch(room -> onA.ownerOf(room).equals(idB)),
            "with two candidates, the rooms are shared and both nodes name the same owner");

        // b drains: it withdraws as an owner, and its rooms go to a
        ownerB.unregister().await(START_S, TimeUnit.SECONDS);
        await(() -> everyRoomOwnedBy(onA, idA) && everyRoomOwnedBy(onB, idA), "a owns every room once b drains");
        assertEquals(idA, onB.ownerOf(ROOMS.get(0)), "b hands its own rooms to a too");
        ownerA.unregister().await(START_S, TimeUnit.SECONDS);
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
        startInVerticle(b, writingB::serve);
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
