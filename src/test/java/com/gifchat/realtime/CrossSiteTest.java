package com.gifchat.realtime;

import com.gifchat.support.RawWebSocket;
import com.gifchat.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pages of other sites cannot use the realtime port (realtime.allowedOrigins empty: the chat's own pages only), and
 * every response of the port carries the security headers.
 */
class CrossSiteTest {

    private static final String FOREIGN = "https://evil.example";

    @RegisterExtension
    static final TestApp app = TestApp.forClass();
    private static WebClient http;

    @BeforeAll
    static void client() {
        http = WebClient.create(app.vertx());
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    /** The origin of the chat's pages, as a browser on this machine sends it. */
    private static String pagesOrigin() {
        return "http://127.0.0.1:" + app.httpPort();
    }

    static HttpResponse<Buffer> request(HttpMethod method, String path, String origin) {
        HttpRequest<Buffer> request = http.request(method, app.realtimePort(), "127.0.0.1", path);
        if (origin != null) {
            request.putHeader("Origin", origin);
        }
        return await(request.send());
    }

    private static int upgrade(String path, String origin) {
        Map<String, String> headers = new HashMap<>();
        if (origin != null) {
            headers.put("Origin", origin);
        }
        try (RawWebSocket socket = RawWebSocket.connect(app.vertx(), app.realtimePort(), path, headers)) {
            return socket.status();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {FOREIGN, "null", "http://127.0.0.1:1", "https://127.0.0.1.evil.example"})
    void sockJsInfoRefusesPagesOfOtherOrigins(String origin) {
        HttpResponse<Buffer> response = request(HttpMethod.GET, "/eventbus/info", origin);

        assertEquals(403, response.statusCode());
        assertNull(response.getHeader("Access-Control-Allow-Origin"));
        assertNull(response.getHeader("Access-Control-Allow-Credentials"));
    }

    @Test
    void sockJsInfoAnswersTheChatsOwnPagesWithCredentialsForThemOnly() {
        HttpResponse<Buffer> response = request(HttpMethod.GET, "/eventbus/info", pagesOrigin());

        assertEquals(200, response.statusCode());
        assertEquals(pagesOrigin(), response.getHeader("Access-Control-Allow-Origin"));
        assertEquals("true", response.getHeader("Access-Control-Allow-Credentials"));
        assertTrue(response.headers().getAll("Vary").contains("Origin"), response.headers().getAll("Vary").toString());
    }

    @Test
    void aRequestWithoutAnOriginIsNotFromAPageAndIsAnsweredWithoutCredentials() {
        HttpResponse<Buffer> response = request(HttpMethod.GET, "/eventbus/info", null);

        assertEquals(200, response.statusCode());
        assertEquals("*", response.getHeader("Access-Control-Allow-Origin"));
        assertEquals("false", response.getHeader("Access-Control-Allow-Credentials"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/000/abcdefgh/xhr", "/eventbus/000/abcdefgh/xhr_streaming", "/eventbus/000/abcdefgh/xhr_send"})
    void theXhrTransportsRefuseOtherOrigins(String path) {
        assertEquals(403, request(HttpMethod.POST, path, FOREIGN).statusCode());
        assertEquals(403, request(HttpMethod.OPTIONS, path, FOREIGN).statusCode(), "the preflight too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/websocket", "/eventbus/000/abcdefgh/websocket", "/ws"})
    void webSocketsOfOtherOriginsAreRefusedAtTheHandshake(String path) {
        assertEquals(403, upgrade(path, FOREIGN));
        assertEquals(403, upgrade(path, "null"), "sandboxed frames and files send the origin null");
        assertEquals(101, upgrade(path, pagesOrigin()));
        assertEquals(101, upgrade(path, "http://127.0.0.1:" + app.realtimePort()), "the port's own pages (SockJS's iframe)");
    }

    @Test
    void aScriptWithoutAnOriginMayUseWs() {
        assertEquals(101, upgrade("/ws", null));
    }

    @Test
    void jsonpIsOffBecauseItsRequestsCarryNoOrigin() {
        assertEquals(404, request(HttpMethod.GET, "/eventbus/000/abcdefgh/jsonp?c=steal", null).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eventbus/info", "/eventbus", "/nothing-here", "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js"})
    void everyResponseCarriesTheSecurityHeaders(String path) {
        MultiMap headers = request(HttpMethod.GET, path, null).headers();

        assertEquals("nosniff", headers.get("X-Content-Type-Options"), path);
        assertEquals("DENY", headers.get("X-Frame-Options"), path);
        assertEquals("same-origin", headers.get("Referrer-Policy"), path);
    }

    @Test
    void theRefusalOfAForeignOriginCarriesThemToo() {
        MultiMap headers = request(HttpMethod.GET, "/eventbus/info", FOREIGN).headers();

        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("DENY", headers.get("X-Frame-Options"));
    }

    @Test
    void sockJsIframeMayBeFramedByTheChatsPagesOnly() {
        HttpResponse<Buffer> response = request(HttpMethod.GET, "/eventbus/iframe.html", null);

        assertEquals(200, response.statusCode());
        assertNull(response.getHeader("X-Frame-Options"), "it is made to be framed");
        String policy = response.getHeader("Content-Security-Policy");
        assertNotNull(policy);
        assertTrue(policy.startsWith("frame-ancestors 'self' "), policy);
        assertTrue(policy.contains(" " + pagesOrigin()), policy);
        assertFalse(policy.contains("*"), policy);
        assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    }

    @Test
    void settingsTellWhichOriginsAreAllowed() {
        JsonObject config = new JsonObject().put("realtime.allowedOrigins", "https://chat.example.com, http://localhost:3000");
        Vertx elsewhere = Vertx.vertx();
        TestApp other = TestApp.start(elsewhere, config);
        try (RawWebSocket allowed = RawWebSocket.connect(app.vertx(), other.realtimePort(), "/ws", Map.of("Origin", "https://chat.example.com"));
             RawWebSocket second = RawWebSocket.connect(app.vertx(), other.realtimePort(), "/ws", Map.of("Origin", "http://localhost:3000"));
             RawWebSocket ownPages = RawWebSocket.connect(app.vertx(), other.realtimePort(), "/ws", Map.of("Origin", "http://127.0.0.1:" + other.httpPort()));
             RawWebSocket foreign = RawWebSocket.connect(app.vertx(), other.realtimePort(), "/ws", Map.of("Origin", FOREIGN))) {
            assertEquals(101, allowed.status());
            assertEquals(101, second.status());
            assertEquals(403, ownPages.status(), "the list replaces the default");
            assertEquals(403, foreign.status());
        } finally {
            other.close();
            await(elsewhere.close());
        }
    }
}
