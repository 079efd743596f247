package com.gifchat.http;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Served over TLS (here: as if behind a TLS proxy): the session cookie is Secure and host-only, and browsers are told
 * to keep to https.
 */
class SecureCookiesTest {

    private static final String COOKIE = "__Host-gifchat.session";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("http.secureCookies", true));

    private static String sessionCookie(HttpResponse<Buffer> response) {
        return response.cookies().stream().filter(c -> c.startsWith(COOKIE + "=")).reduce((first, last) -> last)
            .orElseThrow(() -> new AssertionError("no session cookie in " + response.cookies()));
    }

    @Test
    void theSessionCookieIsSecureHostOnlyHttpOnlyAndLax() {
        String cookie = sessionCookie(app.browser().get("/")).toLowerCase(Locale.ROOT);

        assertTrue(cookie.contains("; secure"), cookie);
        assertTrue(cookie.contains("; path=/"), cookie);
        assertFalse(cookie.contains("domain="), cookie);
        assertTrue(cookie.contains("; httponly"), cookie);
        assertTrue(cookie.contains("; samesite=lax"), cookie);
    }

    @Test
    void everyResponseAsksForHttpsFromNowOn() {
        HttpResponse<Buffer> page = app.browser().get("/");
        HttpResponse<Buffer> script = app.browser().get("/js/common.js");

        assertTrue(page.getHeader("Strict-Transport-Security").startsWith("max-age="), page.getHeader("Strict-Transport-Security"));
        assertNotNull(script.getHeader("Strict-Transport-Security"));
    }

    @Test
    void theSecureCookieCarriesThePersonAndTheirRooms() {
        // the test's client speaks plain http, so it is handed the cookie the way a browser behind TLS would send it
        HttpResponse<Buffer> created = app.browser().tryCreateRoom("Behind TLS");
        assertEquals(303, created.statusCode(), created.bodyAsString());
        String value = sessionCookie(created).split(";")[0];
        HttpSession creator = app.browser().withHeader("Cookie", value);

        HttpResponse<Buffer> room = creator.get(created.getHeader("Location"));

        assertTrue(room.bodyAsString().contains("data-ticket"), room.bodyAsString());
        assertTrue(room.bodyAsString().contains("id=\"delete-room\""), "the creator owns the room");
    }
}
