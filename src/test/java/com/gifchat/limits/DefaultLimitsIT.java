package com.gifchat.limits;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged defaults (conf/config.json): a person's evening never meets them, a script always does. Everyone here
 * comes from 127.0.0.1, as a person and a script on one machine would, so the tests run in order: the person first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultLimitsIT {

    private static final String PASSWORD = "open sesame";

    @RegisterExtension
    static final TestApp app = TestApp.forClass(packagedLimits());

    /** The rate limits as shipped, in place of the tests' usual "off". */
    private static JsonObject packagedLimits() {
        try {
            JsonObject packaged = new JsonObject(Files.readString(Path.of("conf/config.json")));
            JsonObject limits = new JsonObject();
            TestApp.RATE_LIMITS.forEach(key -> limits.put(key, packaged.getString(key)));
            // the rates alone: a thousand refused guesses each held for its pause would take a quarter of an hour
            // (the pause has tests of its own: RateLimitsTest, HeldRefusalsTest)
            return limits.put("limits.guessRefusalPauseMs", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void aPersonsEveningNeverMeetsALimit() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String lounge = alice.createRoom("Lounge");
        String club = alice.createRoom("Club", 10, PASSWORD);
        for (String typo : new String[] {"open sesam", "Open sesame", "open  sesame"}) {
            HttpResponse<Buffer> wrong = bob.tryPassword(club, typo);
            assertEquals(303, wrong.statusCode(), "a typo is answered, not throttled");
            assertTrue(bob.get("/room/" + club).bodyAsString().contains("role=\"alert\">That password is not right."));
        }
        bob.admit(club, PASSWORD);
        bob.ticketFor(club);
        try (BridgeClient alicesPage = app.bridge()) {
            alicesPage.enter(lounge, alice.ticketFor(lounge));
            for (int i = 0; i < 3; i++) {
                HttpResponse<Buffer> posted = alice.upload(lounge, "funny-" + i + ".gif", "image/gif", Images.gif(10 + i, 10));
                assertEquals(201, posted.statusCode(), posted.bodyAsString());
            }
        }
        bob.createRoom("Bob's corner");
        assertEquals(200, alice.get("/").statusCode());
    }

    @Test
    @Order(2)
    void aThousandSequentialWrongGuessesAreMostlyRefused() {
        String vault = app.browser().createRoom("Vault", 10, PASSWORD);
        HttpSession guesser = app.browser();
        int answered = 0;
        int refused = 0;

        for (int i = 0; i < 1000; i++) {
            HttpResponse<Buffer> guess = guesser.tryPassword(vault, "guess " + i);
            if (guess.statusCode() == 429) {
                refused++;
                assertNotNull(guess.getHeader("Retry-After"));
            } else {
                assertEquals(303, guess.statusCode());
                answered++;
            }
        }

        // 10 a minute at first, and never more than 30 an hour from one address
        assertTrue(answered <= 30, answered + " guesses were checked");
        assertEquals(1000, answered + refused);
    }

    @Test
    @Order(3)
    void anAddressWrittenByTheClientIsIgnoredWhenNoProxyIsTrusted() {
        HttpResponse<Buffer> refused = null;
        for (int i = 1; i <= 25 && refused == null; i++) {
            HttpResponse<Buffer> created = app.browser().forwardedFor("192.0.2." + i).tryCreateRoom("Spam " + i);
            if (created.statusCode() == 429) {
                refused = created;
            } else {
                assertEquals(303, created.statusCode());
            }
        }

        assertNotNull(refused, "a fresh X-Forwarded-For on every request still counts as one address");
        assertTrue(refused.bodyAsString().contains("Too many new rooms from your network; try again in"));
    }
}
