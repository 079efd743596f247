package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cross-site writes turned around: a form, a delete or an upload that another site's page sends in a visitor's
 * browser (with their cookie) is refused, 403, before it does anything; the pages' own origin and the configured
 * ones pass.
 */
class CrossSiteTest {

    private static final String ELSEWHERE = "https://evil.example";
    private static final String PROXY_ORIGIN = "https://chat.example.com";
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("http.allowedOrigins", PROXY_ORIGIN + ", http://10.0.0.5:8080"));

    private static String own() {
        return "http://127.0.0.1:" + app.httpPort();
    }

    private static long roomsTitled(String title) {
        return await(app.mongo().count("rooms", new JsonObject().put("title", title)));
    }

    private static void assertRefusedAsJson(HttpResponse<Buffer> response) {
        assertEquals(403, response.statusCode(), response.bodyAsString());
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertEquals(Failure.CROSS_SITE.code(), error.getInteger("code"));
        assertEquals(CrossSiteGuard.REFUSED, error.getString("message"));
    }

    @Test
    void aNewRoomFormFromAnotherSiteIsRefusedWithAPageThatSaysWhy() {
        HttpSession victim = app.browser().withHeader("Origin", ELSEWHERE).withHeader("Accept", HTML);

        HttpResponse<Buffer> response = victim.tryCreateRoom("Planted room");

        assertEquals(403, response.statusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("text/html"), response.getHeader("Content-Type"));
        assertTrue(response.bodyAsString().contains("This request came from another site, so it was refused."));
        assertEquals(0L, roomsTitled("Planted room"));
        assertTrue(response.cookies().isEmpty(), "a refused request gets no session");
    }

    @Test
    void aPasswordFromAnotherSiteAdmitsNobody() {
        String room = app.browser().createRoom("Private", 5, "opensesame");
        HttpSession victim = app.browser().withHeader("Origin", ELSEWHERE);

        HttpResponse<Buffer> response = victim.tryPassword(room, "opensesame");

        assertRefusedAsJson(response);
        assertFalse(victim.withoutHeader("Origin").get("/room/" + room).bodyAsString().contains("data-ticket"));
    }

    @Test
    void aDeleteFromAnotherSiteLeavesTheRoom() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("Keep me");

        assertRefusedAsJson(owner.withHeader("Origin", ELSEWHERE).delete("/room/" + room));
        assertNotNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));

        assertEquals(204, owner.withHeader("Origin", own()).delete("/room/" + room).statusCode());
    }

    @Test
    void anUploadFromAnotherSiteIsRefusedEvenFromSomeoneInTheRoom() {
        HttpSession member = app.browser();
        String room = member.createRoom("Pictures");
        try (BridgeClient socket = app.bridge()) {
            socket.enter(room, member.ticketFor(room));

            assertRefusedAsJson(member.withHeader("Origin", ELSEWHERE).upload(room, "cat.gif", "image/gif", Images.gif(4, 4)));
            assertEquals(0L, await(app.mongo().count("messages", new JsonObject().put("roomId", room))));

            assertEquals(201, member.withHeader("Origin", own()).upload(room, "cat.gif", "image/gif", Images.gif(4, 4)).statusCode());
        }
    }

    @Test
    void aNullOriginAnotherPortOrAnotherSitesRefererIsRefused() {
        String[][] headers = {
            {"Origin", "null"},
            {"Origin", "http://127.0.0.1:" + app.realtimePort()},
            {"Origin", "http://localhost:" + app.httpPort()},
            {"Origin", "file://"},
            {"Origin", ""},
            {"Referer", ELSEWHERE + "/page.html"},
            {"Referer", "not a url"},
        };
        for (String[] header : headers) {
            String title = "Refused " + header[0] + " " + header[1];
            HttpResponse<Buffer> response = app.browser().withHeader(header[0], header[1]).tryCreateRoom(title);
            assertEquals(403, response.statusCode(), header[0] + ": " + header[1]);
            assertEquals(0L, roomsTitled(title), header[0] + ": " + header[1]);
        }
    }

    @Test
    void theOwnOriginByHttpOrHttpsTheConfiguredOnesAndNoneAtAllPass() {
        String[][] headers = {
            {"Origin", own()},
            {"Origin", "https://127.0.0.1:" + app.httpPort()},
            {"Referer", own() + "/room"},
            {"Origin", PROXY_ORIGIN},
            {"Origin", PROXY_ORIGIN.toUpperCase() + ":443"},
            {"Origin", "http://10.0.0.5:8080"},
            {"X-Not-A-Browser", "curl"},
        };
        for (String[] header : headers) {
            HttpResponse<Buffer> response = app.browser().withHeader(header[0], header[1]).tryCreateRoom("Welcome");
            assertEquals(303, response.statusCode(), header[0] + ": " + header[1] + " " + response.bodyAsString());
        }
    }

    @Test
    void readsFromAnotherSiteAreNotWritesAndPass() {
        HttpResponse<Buffer> list = app.browser().withHeader("Origin", ELSEWHERE).get("/api/rooms");

        assertEquals(200, list.statusCode());
    }
}
