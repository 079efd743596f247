package com.gifchat.limits;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The rate limits through the real HTTP server, with small limits. 127.0.0.1 is a trusted proxy here, so each test
 * gives its clients addresses of its own (X-Forwarded-For) and its per-address buckets are its own.
 */
class RateLimitsTest {

    private static final String PASSWORD = "open sesame";
    private static final long PAUSE_MS = 300;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("security.trustedProxies", "127.0.0.1")
        .put("limits.uploadsPerPerson", "2/1m")
        .put("limits.roomsPerPerson", "2/1h")
        .put("limits.roomsPerAddress", "3/1h")
        .put("limits.passwordGuessesPerAddress", "3/3s, 5/1h")
        .put("limits.passwordGuessesPerRoom", "8/1h")
        .put("limits.guessRefusalPauseMs", PAUSE_MS));

    private static HttpSession personAt(String address) {
        return app.browser().forwardedFor(address);
    }

    private static long retryAfter(HttpResponse<Buffer> response) {
        String header = response.getHeader("Retry-After");
        assertNotNull(header, "a 429 says when to come back");
        long seconds = Long.parseLong(header);
        assertTrue(seconds >= 1, header);
        return seconds;
    }

    @Test
    void uploadsBeyondThePersonsLimitAre429WithRetryAfterWhileAnotherPersonStillUploads() {
        HttpSession alice = personAt("198.51.100.1");
        String room = alice.createRoom("Uploads");
        HttpSession bob = personAt("198.51.100.1");
        // only people in the room may send images to it
        BridgeClient alicesPage = app.bridge();
        BridgeClient bobsPage = app.bridge();
        alicesPage.enter(room, alice.ticketFor(room));
        bobsPage.enter(room, bob.ticketFor(room));
        Buffer gif = Images.gif(8, 8);
        assertEquals(201, alice.upload(room, "a.gif", "image/gif", gif).statusCode());
        assertEquals(201, alice.upload(room, "b.gif", "image/gif", gif).statusCode());

        HttpResponse<Buffer> third = alice.upload(room, "c.gif", "image/gif", gif);

        assertEquals(429, third.statusCode(), third.bodyAsString());
        long seconds = retryAfter(third);
        JsonObject error = third.bodyAsJsonObject().getJsonObject("error");
        assertEquals(4290, error.getInteger("code"));
        assertEquals("Too many uploads; try again in " + seconds + " s.", error.getString("message"));
        assertEquals(201, bob.upload(room, "d.gif", "image/gif", gif).statusCode(), "the limit is per person");
        alicesPage.close();
        bobsPage.close();
    }

    @Test
    void roomCreationIsLimitedPerPersonAndTheFormComesBackWithTheWait() {
        HttpSession alice = personAt("198.51.100.2");
        alice.createRoom("First");
        alice.createRoom("Second");

        HttpResponse<Buffer> third = alice.tryCreateRoom("Third");

        assertEquals(429, third.statusCode());
        assertTrue(retryAfter(third) > 60, "a token of 2/1h comes back in half an hour");
        assertTrue(third.bodyAsString().contains("Too many new rooms; try again in 30 min."), third.bodyAsString());
        assertTrue(third.bodyAsString().contains("value=\"Third\""), "what was typed is kept");
    }

    @Test
    void roomCreationIsLimitedPerAddressWhoeverAsks() {
        for (int i = 0; i < 3; i++) {
            personAt("198.51.100.3").createRoom("Neighbour " + i);
        }

        HttpResponse<Buffer> fourth = personAt("198.51.100.3").tryCreateRoom("One too many");

        assertEquals(429, fourth.statusCode());
        retryAfter(fourth);
        assertTrue(fourth.bodyAsString().contains("Too many new rooms from your network; try again in"), fourth.bodyAsString());
        personAt("198.51.100.4").createRoom("Another network");
    }

    @Test
    void passwordGuessesMeetGrowingDelaysAndARefusedGuessIsNeverChecked() throws InterruptedException {
        String room = personAt("198.51.100.5").createRoom("Vault", 10, PASSWORD);
        HttpSession guesser = personAt("198.51.100.6");
        for (int i = 0; i < 3; i++) {
            assertEquals(303, guesser.tryPassword(room, "wrong " + i).statusCode(), "a person's first tries are answered");
        }

        long asked = System.nanoTime();
        HttpResponse<Buffer> fourth = guesser.tryPassword(room, "wrong 3");
        assertEquals(429, fourth.statusCode());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked) >= PAUSE_MS,
            "a refused guess is answered after the pause (limits.guessRefusalPauseMs), not at once");
        long firstWait = retryAfter(fourth);
        assertTrue(fourth.bodyAsString().contains("Too many password attempts; try again in " + firstWait + " s."),
            fourth.bodyAsString());
        assertTrue(fourth.bodyAsString().contains("action=\"/room/" + room + "/password\""), "the form is shown again");

        // waiting as long as told is enough to be answered again
        TimeUnit.SECONDS.sleep(firstWait);
        assertEquals(303, guesser.tryPassword(room, "wrong 4").statusCode());
        assertEquals(303, guessWaitingAsTold(guesser, room).statusCode());

        // five guesses within the hour: now the hour's allowance decides, and the wait is much longer
        HttpResponse<Buffer> afterFive = guesser.tryPassword(room, PASSWORD);
        assertEquals(429, afterFive.statusCode());
        long secondWait = retryAfter(afterFive);
        assertTrue(secondWait > 10 * firstWait, firstWait + " s, then " + secondWait + " s");
        assertTrue(afterFive.bodyAsString().contains("try again in 12 min."), afterFive.bodyAsString());
        assertEquals(200, guesser.get("/room/" + room).statusCode());
        assertFalse(guesser.get("/room/" + room).bodyAsString().contains("data-ticket"),
            "the right password in a refused attempt was not checked, so it did not let them in");
    }

    /** A wrong guess, repeated after each wait the server names, until it is answered (a few times at most). */
    private static HttpResponse<Buffer> guessWaitingAsTold(HttpSession guesser, String room) throws InterruptedException {
        HttpResponse<Buffer> answer = guesser.tryPassword(room, "wrong again");
        for (int tries = 0; tries < 3 && answer.statusCode() == 429; tries++) {
            TimeUnit.SECONDS.sleep(retryAfter(answer));
            answer = guesser.tryPassword(room, "wrong again");
        }
        return answer;
    }

    @Test
    void guessesAtOneRoomFromManyAddressesMeetTheRoomsOwnLimit() {
        String room = personAt("198.51.100.7").createRoom("Popular vault", 10, PASSWORD);
        for (int i = 1; i <= 8; i++) {
            assertEquals(303, personAt("203.0.113." + i).tryPassword(room, "wrong").statusCode());
        }

        HttpResponse<Buffer> ninth = personAt("203.0.113.9").tryPassword(room, "wrong");

        assertEquals(429, ninth.statusCode());
        assertTrue(ninth.bodyAsString().contains("Too many password attempts at this room; try again in"), ninth.bodyAsString());
        String other = personAt("198.51.100.7").createRoom("Quiet vault", 10, PASSWORD);
        personAt("203.0.113.9").admit(other, PASSWORD);
    }
}
