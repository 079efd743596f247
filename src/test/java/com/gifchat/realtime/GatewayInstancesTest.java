package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With several gateway instances sharing the realtime port, people's sockets land on different event loops, and the
 * room still behaves as one: everyone hears everyone, and a kick finds the socket wherever it is.
 */
class GatewayInstancesTest {

    private static final int INSTANCES = 3;
    private static final int PEOPLE = 4;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.instances", INSTANCES));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    @Test
    void everyoneHearsAMessageWhicheverEventLoopTheirSocketIsOn() {
        List<HttpSession> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(app.browser());
        }
        String room = people.get(0).createRoom("Spread out");
        List<BridgeClient> inRoom = people.stream().map(person -> sockets.inRoom(person, room)).toList();

        inRoom.get(0).request("chat.send", new JsonObject().put("roomId", room).put("text", "hello all"));

        for (BridgeClient socket : inRoom) {
            JsonObject received = socket.nextOn("room." + room, body -> "text".equals(body.getString("type")));
            assertEquals("hello all", received.getString("text"));
        }
    }

    @Test
    void aKickReachesTheSocketOnWhicheverInstanceHoldsIt() {
        List<HttpSession> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(app.browser());
        }
        String room = people.get(0).createRoom("Bouncer");
        List<BridgeClient> inRoom = people.stream().map(person -> sockets.inRoom(person, room)).toList();
        JsonObject members = await(app.vertx().eventBus().<JsonObject>request("admin.rooms.show",
            new JsonObject().put("roomId", room)).map(Message::body));

        for (int i = 1; i < PEOPLE; i++) {
            String colour = people.get(i).colour();
            String id = members.getJsonArray("members").stream().map(JsonObject.class::cast)
                .filter(member -> colour.equals(member.getString("colour"))).findFirst().orElseThrow().getString("id");
            await(app.vertx().eventBus().request("admin.kick", new JsonObject().put("roomId", room).put("userId", id)));
            assertEquals(Failure.REMOVED.code(), inRoom.get(i).nextError("room." + room).getInteger("failureCode"));
            inRoom.get(i).awaitClosed();
        }
    }
}
