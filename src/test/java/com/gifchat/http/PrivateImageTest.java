package com.gifchat.http;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The guess attack turned around: a private room's images are seen only by the people its history is shown to, and
 * no image id can be worked out from another.
 */
class PrivateImageTest {

    private static final String PASSWORD = "open sesame";

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static HttpSession owner;
    private static String privateRoom;
    private static String publicRoom;
    private static BridgeClient inPrivate;
    private static BridgeClient inPublic;
    private static Buffer secret;
    private static String secretId;

    @BeforeAll
    static void anImageInAPrivateRoom() {
        owner = app.browser();
        privateRoom = owner.createRoom("Just us", 5, PASSWORD);
        publicRoom = owner.createRoom("Everybody");
        inPrivate = app.bridge();
        inPrivate.enter(privateRoom, owner.ticketFor(privateRoom));
        inPublic = app.bridge();
        inPublic.enter(publicRoom, owner.ticketFor(publicRoom));
        secret = Images.gif(24, 24);
        secretId = idOf(owner.upload(privateRoom, "secret.gif", "image/gif", secret));
    }

    @AfterAll
    static void leave() {
        inPrivate.close();
        inPublic.close();
    }

    private static String idOf(HttpResponse<Buffer> posted) {
        assertEquals(201, posted.statusCode(), posted.bodyAsString());
        return posted.bodyAsJsonObject().getJsonObject("message").getJsonObject("gif").getString("id");
    }

    /** A client that never had a session: no cookie at all. */
    private static HttpResponse<Buffer> withoutCookie(String path, String ifNoneMatch) {
        WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()));
        try {
            var request = client.get(path);
            if (ifNoneMatch != null) {
                request.putHeader("If-None-Match", ifNoneMatch);
            }
            return await(request.send());
        } finally {
            client.close();
        }
    }

    /** A person with a session of their own who never entered the password. */
    private static HttpSession stranger() {
        HttpSession stranger = app.browser();
        assertEquals(200, stranger.get("/").statusCode());
        return stranger;
    }

    @Test
    void aPrivateRoomsImageIs404ToAnybodyNotAdmittedEvenWithItsId() {
        HttpResponse<Buffer> unknown = withoutCookie("/gif/" + "0".repeat(32), null);
        HttpSession stranger = stranger();

        List<HttpResponse<Buffer>> refused = List.of(
            withoutCookie("/gif/" + secretId, null),
            withoutCookie("/gif/" + secretId, "*"),
            stranger.get("/gif/" + secretId),
            stranger.getWithHeader("/gif/" + secretId, "If-None-Match", "\"" + secretId + "\""));

        assertEquals(403, stranger.get("/api/rooms/" + privateRoom + "/messages").statusCode(), "the history says no too");
        for (HttpResponse<Buffer> response : refused) {
            assertEquals(404, response.statusCode());
            assertEquals(unknown.bodyAsString(), response.bodyAsString(), "no different from an image that does not exist");
            assertNull(response.getHeader("Cache-Control"));
            assertNull(response.getHeader("ETag"));
        }
    }

    @Test
    void aPrivateRoomsImageIsServedToItsOwnerAndToAdmittedPeopleButKeptByNoCache() {
        HttpSession friend = app.browser();
        friend.admit(privateRoom, PASSWORD);

        for (HttpSession admitted : List.of(owner, friend)) {
            HttpResponse<Buffer> served = admitted.get("/gif/" + secretId);

            assertEquals(200, served.statusCode());
            assertEquals(secret, served.body());
            assertEquals("private, no-store", served.getHeader("Cache-Control"));
            assertEquals("default-src 'none'; sandbox", served.getHeader("Content-Security-Policy"));
            assertEquals("inline", served.getHeader("Content-Disposition"));
            assertEquals("image/gif", served.getHeader("Content-Type"));
            assertNull(served.getHeader("Set-Cookie"));
        }
    }

    @Test
    void aPublicRoomsImageIsAnybodysAndCacheableBySharedCaches() {
        Buffer gif = Images.gif(10, 10);
        String id = idOf(owner.upload(publicRoom, "open.gif", "image/gif", gif));

        for (HttpResponse<Buffer> served : List.of(withoutCookie("/gif/" + id, null), stranger().get("/gif/" + id))) {
            assertEquals(200, served.statusCode());
            assertEquals(gif, served.body());
            assertEquals("public, max-age=31536000, immutable", served.getHeader("Cache-Control"));
            assertEquals("default-src 'none'; sandbox", served.getHeader("Content-Security-Policy"));
            assertEquals("inline", served.getHeader("Content-Disposition"));
            assertNull(served.getHeader("Set-Cookie"));
        }
    }

    @Test
    void imageIdsAre128RandomBitsThatNeighbouringUploadsTellNothingAbout() {
        List<String> ids = IntStream.range(0, 20)
            .mapToObj(i -> idOf(owner.upload(publicRoom, i + ".gif", "image/gif", Images.gif(4 + i, 4))))
            .toList();

        Set<String> prefixes = new HashSet<>();
        for (String id : ids) {
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            // ObjectIds made in the same second share their first 8 digits; random ids almost never do
            assertTrue(prefixes.add(id.substring(0, 8)), "two ids share a prefix: " + ids);
            JsonObject file = await(app.mongo().findOne("fs.files", new JsonObject().put("metadata.key", id), null));
            assertNotEquals(id, file.getJsonObject("_id").getString("$oid"));
            assertEquals(404, owner.get("/gif/" + file.getJsonObject("_id").getString("$oid")).statusCode(),
                "the store's own id names no image");
        }
    }
}
