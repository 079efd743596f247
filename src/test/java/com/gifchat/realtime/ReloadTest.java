package com.gifchat.realtime;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page reload closes one socket and opens the next: the room should not see the person leave and come back. */
class ReloadTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.leaveDelayMs", 1500));

    private static boolean notice(JsonObject frame, String event, String colour) {
        JsonObject body = frame.getJsonObject("body");
        return body != null && event.equals(body.getString("event")) && colour.equals(body.getString("colour"));
    }

    @Test
    void aReloadIsNeitherALeaveNorAJoinButClosingForGoodIsALeave() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Reloads");
        BridgeClient aliceSocket = app.bridge();
        aliceSocket.enter(room, alice.ticketFor(room));
        BridgeClient bobBefore = app.bridge();
        bobBefore.enter(room, bob.ticketFor(room));
        aliceSocket.nextOn("room." + room, body -> "joined".equals(body.getString("event")));

        bobBefore.close();
        BridgeClient bobAfter = app.bridge();
        bobAfter.enter(room, bob.ticketFor(room));
        bobAfter.request("chat.send", new JsonObject().put("roomId", room).put("text", "back"));
        List<JsonObject> meanwhile = aliceSocket.framesBefore(frame -> frame.getJsonObject("body") != null
            && "back".equals(frame.getJsonObject("body").getString("text")));

        assertTrue(meanwhile.stream().noneMatch(frame -> notice(frame, "left", bob.colour())
            || notice(frame, "joined", bob.colour())), meanwhile.toString());
        bobAfter.close();
        aliceSocket.next(frame -> notice(frame, "left", bob.colour()));
        aliceSocket.close();
    }
}
