package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.IntStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Capacity counts people connected right now, exactly, however many try at once. */
class CapacityTest {

    private static final int CAPACITY = 3;
    private static final int CONTENDERS = 20;

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static JsonObject joinRequest(String room, int person) {
        return new JsonObject()
            .put("roomId", room)
            .put("user", new JsonObject().put("id", "person-" + person).put("colour", "#00000" + person % 10))
            .put("conn", "conn-" + person)
            .put("node", app.liveNodeId());
    }

    @Test
    void exactlyCapacityPeopleGetInWhenManyJoinAtOnce() {
        String room = app.browser().createRoom("Popular", CAPACITY, null);

        List<Future<Object>> joins = IntStream.range(0, CONTENDERS)
            .mapToObj(person -> app.vertx().eventBus().request("rooms.join", joinRequest(room, person)).map(reply -> (Object) reply))
            .toList();
        await(Future.join(joins).otherwiseEmpty());

        long admitted = joins.stream().filter(Future::succeeded).count();
        long refusedAsFull = joins.stream().filter(Future::failed)
            .filter(join -> Failure.of(join.cause()) == Failure.ROOM_FULL).count();
        assertEquals(CAPACITY, admitted);
        assertEquals(CONTENDERS - CAPACITY, refusedAsFull);
        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null));
        assertEquals(CAPACITY, stored.getInteger("memberCount"));
        assertEquals(CAPACITY, await(app.mongo().count("members", new JsonObject().put("roomId", room))));
    }

    @Test
    void aLeavingPersonFreesTheirPlace() {
        String room = app.browser().createRoom("Pair", 2, null);
        await(app.vertx().eventBus().request("rooms.join", joinRequest(room, 1)));
        await(app.vertx().eventBus().request("rooms.join", joinRequest(room, 2)));

        await(app.vertx().eventBus().request("rooms.leave", joinRequest(room, 1)));

        await(app.vertx().eventBus().request("rooms.join", joinRequest(room, 3)));
        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null));
        assertEquals(2, stored.getInteger("memberCount"));
    }

    @Test
    void thePageOfAFullRoomSendsNewcomersBackWithANotice() {
        String room = app.browser().createRoom("Pair", 2, null);
        await(app.vertx().eventBus().request("rooms.join", joinRequest(room, 1)));
        await(app.vertx().eventBus().request("rooms.join", joinRequest(room, 2)));
        HttpSession newcomer = app.browser();

        assertEquals(303, newcomer.get("/room/" + room).statusCode());
        assertEquals(true, newcomer.get("/").bodyAsString().contains("role=\"alert\">That room is full."));
    }
}
