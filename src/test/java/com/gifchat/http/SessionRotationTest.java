package com.gifchat.http;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Locale;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Sessions and pages turned around: a session id somebody planted in a browser before it passed a password (or
 * created a room) carries nothing after it, and no page that names its visitor is kept by a cache.
 */
class SessionRotationTest {

    private static final String COOKIE = "gifchat.session";

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    /** An attacker's own session id, and a victim's browser that the attacker made use it. */
    private static HttpSession[] attackerAndVictim() {
        HttpSession attacker = app.browser();
        attacker.get("/");
        String planted = attacker.cookie(COOKIE);
        assertNotNull(planted, "the attacker's browser got a session");
        HttpSession victim = app.browser().plantCookie(COOKIE, planted);
        return new HttpSession[]{attacker, victim};
    }

    @Test
    void aPlantedSessionIdGetsNoTicketAfterTheVictimGaveThePassword() {
        String room = app.browser().createRoom("Private", 5, "opensesame");
        HttpSession[] pair = attackerAndVictim();
        HttpSession attacker = pair[0];
        HttpSession victim = pair[1];
        String planted = victim.cookie(COOKIE);
        String colourBefore = victim.colour();

        victim.admit(room, "opensesame");

        String rotated = victim.cookie(COOKIE);
        assertNotEquals(planted, rotated, "the password changed the session id");
        assertTrue(victim.get("/room/" + room).bodyAsString().contains("data-ticket"), "the victim is in");
        assertEquals(colourBefore, victim.colour(), "and still the same person");

        HttpResponse<Buffer> attackersPage = attacker.get("/room/" + room);
        assertEquals(200, attackersPage.statusCode());
        assertFalse(attackersPage.bodyAsString().contains("data-ticket"), "the planted id carries no admission");
        assertTrue(attackersPage.bodyAsString().contains("action=\"/room/" + room + "/password\""));
        assertEquals(403, attacker.get("/api/rooms/" + room + "/messages").statusCode());
        assertNotEquals(rotated, attacker.cookie(COOKIE), "the attacker was given a session of their own");
    }

    @Test
    void aPlantedSessionIdOwnsNothingTheVictimCreated() {
        HttpSession[] pair = attackerAndVictim();
        HttpSession attacker = pair[0];
        HttpSession victim = pair[1];
        String planted = victim.cookie(COOKIE);

        String room = victim.createRoom("Mine", 5, "hunter22");

        assertNotEquals(planted, victim.cookie(COOKIE), "creating a room changed the session id");
        assertTrue(victim.get("/room/" + room).bodyAsString().contains("data-ticket"));
        assertFalse(attacker.get("/room/" + room).bodyAsString().contains("data-ticket"));
        assertEquals(403, attacker.delete("/room/" + room).statusCode());
        assertNotNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", room), null)));
    }

    @Test
    void aWrongPasswordKeepsTheSessionId() {
        String room = app.browser().createRoom("Private", 5, "opensesame");
        HttpSession guest = app.browser();
        guest.get("/");
        String before = guest.cookie(COOKIE);

        assertEquals(303, guest.tryPassword(room, "guess").statusCode());

        assertEquals(before, guest.cookie(COOKIE));
    }

    @Test
    void noPageThatNamesItsVisitorIsKeptByACache() {
        HttpSession owner = app.browser();
        String open = owner.createRoom("Open");
        String closed = owner.createRoom("Closed", 5, "opensesame");
        HttpSession stranger = app.browser();

        for (HttpResponse<Buffer> page : List.of(owner.get("/room/" + open), owner.get("/"),
            owner.get("/room"), stranger.get("/room/" + closed), stranger.get("/no/such/page"),
            owner.get("/api/rooms"), owner.get("/api/rooms/" + open + "/messages"),
            stranger.get("/api/rooms/" + closed + "/messages"))) {
            assertEquals("no-store", page.getHeader("Cache-Control"), page.bodyAsString());
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndLaxButNotSecureByDefault() {
        HttpResponse<Buffer> first = app.browser().get("/");
        String cookie = first.cookies().stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElseThrow()
            .toLowerCase(Locale.ROOT);

        assertTrue(cookie.contains("; httponly"), cookie);
        assertTrue(cookie.contains("; samesite=lax"), cookie);
        assertFalse(cookie.contains("; secure"), cookie);
        assertNull(first.getHeader("Strict-Transport-Security"), "HSTS only when served over TLS");
    }

    @Test
    void aJsonReadNeedsNoSessionAndSetsNoCookie() {
        HttpResponse<Buffer> list = app.browser().get("/api/rooms");

        assertEquals(200, list.statusCode());
        assertTrue(list.cookies().isEmpty(), String.valueOf(list.cookies()));
    }
}
