package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** People connected through a node that stopped beating (killed, crashed) leave their rooms, with the usual notices. */
class DeadNodeTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    @Test
    void aConnectionOfANodeThatNeverBeatsLeavesAndTheLiveOnesStay() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Survivors");
        BridgeClient aliceSocket = app.bridge();
        aliceSocket.enter(room, alice.ticketFor(room));
        JsonObject ghost = new JsonObject()
            .put("roomId", room)
            .put("user", new JsonObject().put("id", "ghost").put("colour", "#abcdef"))
            .put("conn", "ghost-connection")
            .put("node", "a-node-that-died");

        await(app.vertx().eventBus().request("rooms.join", ghost));
        aliceSocket.nextOn("room." + room, body -> "joined".equals(body.getString("event")));

        JsonObject left = aliceSocket.nextOn("room." + room, body -> "left".equals(body.getString("event")));
        assertEquals("#abcdef", left.getString("colour"));
        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null));
        assertEquals(1, stored.getInteger("memberCount"), "alice, on a live node, stays");
        aliceSocket.close();
    }
}
