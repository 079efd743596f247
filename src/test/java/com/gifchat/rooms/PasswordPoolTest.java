package com.gifchat.rooms;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Password hashing on its own bounded pool: a flood of parallel password checks is refused beyond the pool's queue,
 * at once, while a bystander's chat over the bridge stays answered. The rate limits are off here, so that the pool is
 * the only thing between the flood and the CPU.
 */
class PasswordPoolTest {

    private static final String PASSWORD = "open sesame";
    private static final int WORKERS = 1;
    private static final int QUEUE = 2;
    private static final int GUESSES_AT_ONCE = 24;
    private static final int WAVES = 3;
    private static final int SENDS_PER_WAVE = 5;
    /** Generous for a loaded 2-core machine; a starved server misses it by seconds. */
    private static final long PROMPT_MS = 2000;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("rooms.passwordWorkers", WORKERS)
        .put("rooms.passwordQueue", QUEUE)
        // checks as slow as in service, so that a flood fills the pool
        .put("rooms.passwordHashIterations", 210_000)
        // the pool's own refusal, seen without the pause a refused guess is otherwise answered after
        .put("limits.guessRefusalPauseMs", 0));

    private record Answer(int status, String body, long at) {
    }

    @Test
    void aFloodOfPasswordChecksIsRefusedBeyondTheQueueWhileABystanderKeepsChatting() {
        String vault = app.browser().createRoom("Vault", 10, PASSWORD);
        HttpSession bystander = app.browser();
        String lounge = bystander.createRoom("Lounge");
        WebClient flood = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(app.httpPort()).setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(GUESSES_AT_ONCE));
        List<Answer> answers = new ArrayList<>();

        try (BridgeClient socket = app.bridge()) {
            socket.enter(lounge, bystander.ticketFor(lounge));
            for (int wave = 0; wave < WAVES; wave++) {
                List<Future<Answer>> guesses = new ArrayList<>();
                for (int i = 0; i < GUESSES_AT_ONCE; i++) {
                    guesses.add(flood.post("/room/" + vault + "/password")
                        .sendForm(MultiMap.caseInsensitiveMultiMap().add("password", "guess " + wave + "-" + i))
                        .map(PasswordPoolTest::answer));
                }
                for (int i = 0; i < SENDS_PER_WAVE; i++) {
                    long started = System.nanoTime();
                    JsonObject reply = socket.request("chat.send", new JsonObject().put("roomId", lounge).put("text", "still here " + i));
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertEquals("rec", reply.getString("type"), reply.encode());
                    assertTrue(tookMs < PROMPT_MS, "a bystander's send took " + tookMs + " ms during the flood");
                }
                List<Answer> thisWave = TestApp.await(Future.all(guesses).map(all -> all.<Answer>list()));
                long lastChecked = thisWave.stream().filter(answer -> answer.status() == 303).mapToLong(Answer::at).max().orElseThrow();
                assertTrue(thisWave.stream().filter(answer -> answer.status() == 503).allMatch(answer -> answer.at() < lastChecked),
                    "a refusal does not wait for the checks ahead of it");
                answers.addAll(thisWave);
            }
        } finally {
            flood.close();
        }

        List<Answer> checked = answers.stream().filter(answer -> answer.status() == 303).toList();
        List<Answer> refused = answers.stream().filter(answer -> answer.status() == 503).toList();
        assertEquals(answers.size(), checked.size() + refused.size(), "every guess is checked or refused, nothing else");
        assertTrue(checked.size() >= WAVES * (WORKERS + QUEUE), "each wave fills the pool and its queue: " + checked.size());
        assertFalse(refused.isEmpty(), "beyond the queue, checks are refused");
        refused.forEach(answer -> assertTrue(answer.body().contains(Passwords.BUSY), answer.body()));
        // the pool counts what it holds correctly: once the flood is over, a check goes through again
        app.browser().admit(vault, PASSWORD);
    }

    private static Answer answer(HttpResponse<Buffer> response) {
        return new Answer(response.statusCode(), response.bodyAsString(), System.nanoTime());
    }
}
