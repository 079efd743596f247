package com.gifchat.http;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/** Sharing images: upload, validation by content, storage in GridFS, serving, and removal with the room. */
class GifTest {

    private static final int MAX_BYTES = 200 * 1024;
    private static final String NOT_AN_IMAGE = "Only GIF, PNG, JPEG or WebP images can be sent.";
    private static final String DAMAGED = "That image is damaged or incomplete, so it cannot be sent.";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("uploads.maxBytes", MAX_BYTES));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);


    private String roomWithMe(HttpSession person, String title) {
        String room = person.createRoom(title);
        sockets.inRoom(person, room);
        return room;
    }

    private static long imagesOf(String room) {
        return await(app.mongo().count("fs.files", new JsonObject().put("metadata.roomId", room)));
    }

    private static Buffer text(String content) {
        return Buffer.buffer(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String idOf(HttpResponse<Buffer> posted) {
        assertEquals(201, posted.statusCode(), posted.bodyAsString());
        return posted.bodyAsJsonObject().getJsonObject("message").getJsonObject("gif").getString("id");
    }

    @Test
    void anUploadedGifIsPublishedToTheRoomAndServedBackByteForByte() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Gifs");
        BridgeClient watcher = sockets.inRoom(alice, room);
        Buffer gif = Images.gif(40, 30);

        HttpResponse<Buffer> posted = alice.upload(room, "party.gif", "image/gif", gif);

        assertEquals(201, posted.statusCode(), posted.bodyAsString());
        JsonObject published = watcher.nextOn("room." + room, body -> "gif".equals(body.getString("type")));
        JsonObject image = published.getJsonObject("gif");
        assertEquals(alice.colour(), published.getString("colour"));
        assertEquals("image/gif", image.getString("contentType"));
        assertEquals(40, image.getInteger("width"));
        assertEquals(30, image.getInteger("height"));
        HttpResponse<Buffer> served = app.browser().get("/gif/" + image.getString("id"));
        assertEquals(200, served.statusCode());
        assertEquals(gif, served.body());
        assertEquals("image/gif", served.getHeader("Content-Type"));
        assertEquals(String.valueOf(gif.length()), served.getHeader("Content-Length"));
        assertEquals("public, max-age=31536000, immutable", served.getHeader("Cache-Control"));
        assertEquals("nosniff", served.getHeader("X-Content-Type-Options"));
        assertEquals("default-src 'none'; sandbox", served.getHeader("Content-Security-Policy"));
        assertEquals("inline", served.getHeader("Content-Disposition"));
        assertEquals("\"" + image.getString("id") + "\"", served.getHeader("ETag"));
        assertNull(served.getHeader("Set-Cookie"), "a publicly cached image must not carry anyone's session");
        assertNull(alice.get("/gif/" + image.getString("id")).getHeader("Set-Cookie"), "not even for a visitor with a session");
    }

    @Test
    void aGifMessageAppearsInHistory() {
        HttpSession alice = app.browser();
        String room = roomWithMe(alice, "Gif history");

        JsonObject message = alice.upload(room, "x.gif", "image/gif", Images.gif(8, 8)).bodyAsJsonObject().getJsonObject("message");

        JsonObject stored = alice.get("/api/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
        assertEquals("gif", stored.getString("type"));
        assertEquals(message.getJsonObject("gif"), stored.getJsonObject("gif"));
    }

    @Test
    void revalidationWithTheEtagGets304() {
        HttpSession alice = app.browser();
        String room = roomWithMe(alice, "Cache");
        String id = idOf(alice.upload(room, "c.gif", "image/gif", Images.gif(5, 5)));

        for (String ifNoneMatch : new String[]{"\"" + id + "\"", "W/\"" + id + "\"", "\"other\", \"" + id + "\"", "*"}) {
            HttpResponse<Buffer> again = alice.getWithHeader("/gif/" + id, "If-None-Match", ifNoneMatch);
            assertEquals(304, again.statusCode(), ifNoneMatch);
        }
        assertEquals(200, alice.getWithHeader("/gif/" + id, "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void pngJpegAndWebpAreAcceptedWithTheirRealTypeAndSize() {
        HttpSession alice = app.browser();
        String room = roomWithMe(alice, "Formats");

        JsonObject png = alice.upload(room, "a.png", "image/png", Images.encoded("png", 12, 7)).bodyAsJsonObject();
        JsonObject jpeg = alice.upload(room, "b.jpg", "image/jpeg", Images.encoded("jpg", 33, 21)).bodyAsJsonObject();
        // a declared type is ignored: the bytes decide
        JsonObject webp = alice.upload(room, "c.gif", "image/gif", Images.webp(640, 480)).bodyAsJsonObject();

        assertImage(png, "image/png", 12, 7);
        assertImage(jpeg, "image/jpeg", 33, 21);
        assertImage(webp, "image/webp", 640, 480);
    }

    private static void assertImage(JsonObject reply, String type, int width, int height) {
        JsonObject gif = reply.getJsonObject("message").getJsonObject("gif");
        assertEquals(type, gif.getString("contentType"), reply.encode());
        assertEquals(width, gif.getInteger("width"));
        assertEquals(height, gif.getInteger("height"));
    }

    @Test
    void aFileOverTheLimitIs413AndNothingIsStored() {
        HttpSession alice = app.browser();
        String room = roomWithMe(alice, "Too big");
        Buffer big = Buffer.buffer(Images.gif(8, 8).getBytes()).appendBuffer(Buffer.buffer(new byte[MAX_BYTES + 1]));

        HttpResponse<Buffer> response = alice.upload(room, "big.gif", "image/gif", big);

        assertEquals(413, response.statusCode());
        assertEquals("That file is larger than 200 KiB.",
            response.bodyAsJsonObject().getJsonObject("error").getString("message"));
        assertEquals(0L, imagesOf(room));
        assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));
    }

    @Test
    void anythingButAnImageIs415AndNothingIsStored() {
        HttpSession alice = app.browser();
        String room = roomWithMe(alice, "Not images");
        Buffer gif = Images.gif(20, 20);

        Buffer[] notImages = {
            text("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            text("<!doctype html><html><body><script>alert(1)</script></body></html>"),
            text("just some text pretending to be a gif"),
        };
        Buffer[] damaged = {
            gif.getBuffer(0, 10),
            gif.getBuffer(0, gif.length() - 1),
            text("GIF89a"),
        };
        assertRefused(alice, room, notImages, NOT_AN_IMAGE);
        assertRefused(alice, room, damaged, DAMAGED);
        assertEquals(0L, imagesOf(room));
    }

    private static void assertRefused(HttpSession person, String room, Buffer[] bodies, String message) {
        for (Buffer body : bodies) {
            HttpResponse<Buffer> response = person.upload(room, "funny.gif", "image/gif", body);
            assertEquals(415, response.statusCode(), body.toString());
            assertEquals(message, response.bodyAsJsonObject().getJsonObject("error").getString("message"));
        }
    }

    @Test
    void aNonMemberCannotUploadIntoAPrivateRoom() {
        String room = app.browser().createRoom("Private gifs", 5, "pw");

        HttpResponse<Buffer> response = app.browser().upload(room, "x.gif", "image/gif", Images.gif(4, 4));

        assertEquals(403, response.statusCode());
        assertEquals(0L, imagesOf(room));
    }

    @Test
    void anUploadWithoutAFileOrToNoRoomIsRefusedClearly() {
        HttpSession alice = app.browser();

        assertEquals(404, alice.upload("0123456789abcdef", "x.gif", "image/gif", Images.gif(4, 4)).statusCode());
        HttpResponse<Buffer> noFile = alice.postForm("/room/" + roomWithMe(alice, "Empty") + "/gif",
            io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("nothing", "here"));
        assertEquals(400, noFile.statusCode());
    }

    @Test
    void unknownOrMalformedImageIdsAre404() {
        assertEquals(404, app.browser().get("/gif/0123456789abcdef0123456789abcdef").statusCode());
        assertEquals(404, app.browser().get("/gif/0123456789abcdef01234567").statusCode());
        assertEquals(404, app.browser().get("/gif/not-an-id").statusCode());
        assertEquals(404, app.browser().get("/gif/..%2F..%2Fetc%2Fpasswd").statusCode());
    }

    @Test
    void deletingARoomDeletesItsImagesChunksIncluded() {
        HttpSession owner = app.browser();
        String room = roomWithMe(owner, "Short-lived gallery");
        String id = idOf(owner.upload(room, "a.gif", "image/gif", Images.gif(300, 300)));
        owner.upload(room, "b.png", "image/png", Images.encoded("png", 64, 64));
        JsonObject ofRoom = new JsonObject().put("metadata.roomId", room);
        JsonObject gridFsId = await(app.mongo().findOne("fs.files", new JsonObject().put("metadata.key", id), null)).getJsonObject("_id");
        assertEquals(2L, await(app.mongo().count("fs.files", ofRoom)));

        assertEquals(204, owner.delete("/room/" + room).statusCode());

        assertEquals(0L, await(app.mongo().count("fs.files", ofRoom)));
        assertEquals(0L, await(app.mongo().count("fs.chunks", new JsonObject().put("files_id", gridFsId))));
        assertEquals(404, app.browser().get("/gif/" + id).statusCode());
    }
}
