package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** Writing from outside turned around: only a person in the room right now may post an image into it. */
class UploadAdmissionTest {

    private static final String NOT_IN_ROOM = "Only people in this room can send images to it. Enter the room first.";

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    @RegisterExtension
    final Sockets sockets = new Sockets(app);


    private static long imagesOf(String room) {
        return await(app.mongo().count("fs.files", new JsonObject().put("metadata.roomId", room)));
    }

    private static void assertNotInRoom(HttpResponse<Buffer> response) {
        assertEquals(403, response.statusCode(), response.bodyAsString());
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertEquals(Failure.NOT_ADMITTED.code(), error.getInteger("code"));
        assertEquals(NOT_IN_ROOM, error.getString("message"));
    }

    @Test
    void aRequestWithoutACookieCannotPostIntoAPublicRoom() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Open to all");
        sockets.inRoom(alice, room);
        WebClient bare = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()));

        HttpResponse<Buffer> response = await(bare.post("/room/" + room + "/gif")
            .sendMultipartForm(MultipartForm.create().binaryFileUpload("gif", "x.gif", Images.gif(4, 4), "image/gif")));
        bare.close();

        assertNotInRoom(response);
        assertEquals(0L, imagesOf(room));
    }

    @Test
    void someoneWhoNeverEnteredCannotPostEvenWithAPageOfTheRoomOpen() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Lobby");
        sockets.inRoom(alice, room);
        HttpSession visitor = app.browser();
        visitor.ticketFor(room);

        assertNotInRoom(visitor.upload(room, "x.gif", "image/gif", Images.gif(4, 4)));
        assertEquals(0L, imagesOf(room));
    }

    @Test
    void someoneOutsideAFullRoomCannotPostIntoIt() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Two seats", 2, null);
        sockets.inRoom(alice, room);
        sockets.inRoom(bob, room);
        HttpSession carol = app.browser();
        assertEquals(200, carol.get("/").statusCode());

        assertNotInRoom(carol.upload(room, "x.gif", "image/gif", Images.gif(4, 4)));
        assertEquals(201, bob.upload(room, "y.gif", "image/gif", Images.gif(4, 4)).statusCode(), "the people in it can");
        assertEquals(1L, imagesOf(room));
    }

    @Test
    void aKickedPersonCannotPostAnyMore() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Moderated gallery");
        sockets.inRoom(alice, room);
        BridgeClient bobsSocket = sockets.inRoom(bob, room);
        assertEquals(201, bob.upload(room, "before.gif", "image/gif", Images.gif(4, 4)).statusCode());
        String bobsId = await(app.vertx().eventBus().<JsonObject>request("admin.rooms.show", new JsonObject().put("roomId", room))
            .map(Message::body)).getJsonArray("members").stream().map(JsonObject.class::cast)
            .filter(member -> bob.colour().equals(member.getString("colour"))).findFirst().orElseThrow().getString("id");

        await(app.vertx().eventBus().request("rooms.kick",
            new JsonObject().put("roomId", room).put("userId", bobsId).put("cooldownMs", 60_000L)));
        bobsSocket.awaitClosed();

        assertNotInRoom(bob.upload(room, "after.gif", "image/gif", Images.gif(4, 4)));
        assertEquals(1L, imagesOf(room), "only the image from before the kick");
        assertEquals(201, alice.upload(room, "still.gif", "image/gif", Images.gif(4, 4)).statusCode(), "the others still can");
    }
}
