package com.gifchat.identity;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.SharedDatabase;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With no secret configured, the one that signs admission tickets is generated once and kept in the database: a
 * restarted app, or another node on the same database, admits the pages that are already open. A configured secret
 * still wins.
 */
class TicketSecretTest {

    @RegisterExtension
    final SharedDatabase database = new SharedDatabase();

    private TestApp appWithSecret(String secret) {
        return database.app(new JsonObject().put("security.secret", secret));
    }

    @Test
    void aTicketFromBeforeARestartStillAdmitsItsPage() {
        TestApp before = appWithSecret("");
        HttpSession alice = before.browser();
        String room = alice.createRoom("Across a restart");
        String ticket = alice.ticketFor(room);
        before.close();

        TestApp after = appWithSecret("");
        try (BridgeClient page = after.bridge()) {
            page.enter(room, ticket);
            JsonObject ack = page.request("chat.send", new JsonObject().put("roomId", room).put("text", "still admitted"));
            assertEquals("rec", ack.getString("type"), ack.encode());
        } finally {
            after.close();
        }
    }

    @Test
    void aConfiguredSecretWinsOverTheStoredOne() {
        TestApp generated = appWithSecret("");
        HttpSession alice = generated.browser();
        String room = alice.createRoom("Configured");
        String ticket = alice.ticketFor(room);
        generated.close();

        TestApp configured = appWithSecret("configured-by-the-operator");
        try (BridgeClient page = configured.bridge()) {
            page.register("room." + room, ticket);
            assertEquals(4032, page.nextError("room." + room).getInteger("failureCode"));
        } finally {
            configured.close();
        }
    }
}
