package com.gifchat.rooms;

import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crowd arriving together is announced in a few notices that name everyone once, not in one notice each. */
class PresenceNoticesTest {

    private static final int CROWD = 30;

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static JsonObject person(String room, int number) {
        return new JsonObject()
            .put("roomId", room)
            .put("user", new JsonObject().put("id", "person-" + number).put("colour", String.format("#%06x", number)))
            .put("conn", "conn-" + number)
            .put("node", app.liveNodeId());
    }

    @Test
    void aCrowdJoiningAtOnceIsAnnouncedInFewerNoticesNamingEveryoneOnce() {
        String room = app.browser().createRoom("Busy", CROWD, null);
        List<JsonObject> notices = new ArrayList<>();
        Promise<Void> everyoneNamed = Promise.promise();
        List<String> named = new ArrayList<>();
        MessageConsumer<JsonObject> observer = app.vertx().eventBus().consumer("room." + room, message -> {
            if ("joined".equals(message.body().getString("event"))) {
                notices.add(message.body());
                message.body().getJsonArray("colours").forEach(colour -> named.add((String) colour));
                if (named.size() >= CROWD) {
                    everyoneNamed.tryComplete();
                }
            }
        });
        await(observer.completion());

        await(Future.all(IntStream.range(0, CROWD)
            .mapToObj(number -> app.vertx().eventBus().request("rooms.join", person(room, number)))
            .toList()));
        await(everyoneNamed.future());
        await(observer.unregister());

        assertEquals(CROWD, named.stream().distinct().count(), "everyone named once: " + named);
        assertEquals(CROWD, named.size(), "nobody named twice: " + named);
        assertTrue(notices.size() < CROWD, notices.size() + " notices for " + CROWD + " people");
        notices.forEach(notice -> assertEquals(notice.getJsonArray("colours").getString(0), notice.getString("colour")));
    }

    @Test
    void aJoinInAQuietRoomIsAnnouncedAtOnceOnItsOwn() {
        String room = app.browser().createRoom("Quiet", 2, null);
        Promise<JsonObject> notice = Promise.promise();
        MessageConsumer<JsonObject> observer = app.vertx().eventBus().consumer("room." + room,
            message -> notice.tryComplete(message.body()));
        await(observer.completion());

        await(app.vertx().eventBus().request("rooms.join", person(room, 7)));

        JsonObject joined = await(notice.future());
        assertEquals("#000007 joined", joined.getString("text"));
        assertEquals(List.of("#000007"), joined.getJsonArray("colours").getList());
        await(observer.unregister());
    }
}
