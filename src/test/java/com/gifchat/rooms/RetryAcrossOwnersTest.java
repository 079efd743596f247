package com.gifchat.rooms;

import com.gifchat.support.TestApp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A writer that owned a room, lost it when the cluster's members changed and got it back must not trust what it
 * remembers of the room: the other owner may have stored the message a page now sends again.
 */
class RetryAcrossOwnersTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject());

    private static final JsonObject PERSON = new JsonObject().put("id", "0123456789abcdef0123456789abcdef").put("colour", "Red");

    @Test
    void aRetryAfterTheMembersChangedIsAnsweredFromTheStoreNotStoredAgain() {
        String room = app.browser().createRoom("Changing hands");
        AtomicLong membershipChanges = new AtomicLong();
        MessageWriter writer = new MessageWriter(app.vertx().eventBus(), 100, membershipChanges::get);
        Context context = app.vertx().getOrCreateContext();

        JsonObject first = onContext(context, () -> writer.append(room, text("first", "a")));
        assertEquals(1L, first.getLong("seq"));
        // meanwhile another node owned the room and stored this person's next message, whose answer never came back
        await(app.mongo().insert("messages", new JsonObject().put("_id", room + "-2").put("roomId", room).put("seq", 2L)
            .put("type", "text").put("text", "second").put("userId", PERSON.getString("id")).put("colour", "Red")
            .put("at", System.currentTimeMillis()).put("cid", "b")));
        membershipChanges.incrementAndGet();

        JsonObject retried = onContext(context, () -> writer.append(room, text("second", "b")));

        assertEquals(2L, retried.getLong("seq"), "answered with the message the other owner stored");
        assertEquals(1L, await(app.mongo().count("messages", new JsonObject().put("roomId", room).put("cid", "b"))));
    }

    @Test
    void anOwnerThatResumesWithAMessageAnotherOwnerStoredAnswersWithThatOneAndPublishesNothing() {
        String room = app.browser().createRoom("Frozen owner");
        MessageWriter writer = new MessageWriter(app.vertx().eventBus(), 100, () -> 0);
        Context context = app.vertx().getOrCreateContext();
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> watcher = app.vertx().eventBus().consumer("room." + room, message -> published.add(message.body()));
        await(watcher.completion());
        try {
            assertEquals(1L, onContext(context, () -> writer.append(room, text("first", "a"))).getLong("seq"));
            // this owner froze with "second" in hand; its page sent it again through another owner, which stored it
            await(app.mongo().insert("messages", new JsonObject().put("_id", room + "-2").put("roomId", room).put("seq", 2L)
                .put("type", "text").put("text", "second").put("userId", PERSON.getString("id")).put("colour", "Red")
                .put("at", System.currentTimeMillis()).put("cid", "b")));

            // it resumes: its memory of the room has not changed, so only the store's numbering conflict can tell
            JsonObject resumed = onContext(context, () -> writer.append(room, text("second", "b")));
            JsonObject next = onContext(context, () -> writer.append(room, text("third", "c")));

            assertEquals(2L, resumed.getLong("seq"), "answered with the other owner's copy");
            assertEquals(3L, next.getLong("seq"));
            assertEquals(1L, await(app.mongo().count("messages", new JsonObject().put("roomId", room).put("cid", "b"))));
            long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
            while (published.size() < 2 && System.nanoTime() < deadline) {
                await(app.vertx().timer(10));
            }
            assertEquals(List.of(1L, 3L), published.stream().map(message -> message.getLong("seq")).toList(),
                "the copy was published by the owner that stored it, not again");
        } finally {
            await(watcher.unregister());
        }
    }

    private static JsonObject text(String text, String clientId) {
        return new JsonObject().put("type", RoomViews.TEXT).put("text", text).put("user", PERSON)
            .put("at", System.currentTimeMillis()).put("clientId", clientId);
    }

    /** Runs the writer on one event loop, as the rooms verticle does. */
    private static JsonObject onContext(Context context, Supplier<Future<JsonObject>> call) {
        Promise<JsonObject> done = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(done));
        return await(done.future());
    }
}
