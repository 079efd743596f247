package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.gifchat.bus.Addresses.STORE_MESSAGE_APPEND;
import static com.gifchat.bus.Addresses.room;

/**
 * Stores each room's messages in the order they arrive here and publishes them in that order. While one batch of a
 * room is on its way to the store, the messages that arrive meanwhile wait and then go together: one numbering, one
 * insert, one commit for the lot. So order costs no throughput.
 */
final class MessageWriter {

    /** Enough to absorb a burst; small enough that one batch stays a quick write. */
    private static final int MAX_BATCH = 256;

    private final EventBus bus;
    private final Map<String, RoomQueue> queues = new HashMap<>();

    MessageWriter(EventBus bus) {
        this.bus = bus;
    }

    private record Waiting(JsonObject message, Promise<JsonObject> published) {
    }

    private static final class RoomQueue {
        private final List<Waiting> waiting = new ArrayList<>();
        private boolean storing;
    }

    /** {@code message} is {type, text or gif, user, at}; the future holds it as published, once it is stored. */
    Future<JsonObject> append(String roomId, JsonObject message) {
        RoomQueue queue = queues.computeIfAbsent(roomId, id -> new RoomQueue());
        Promise<JsonObject> published = Promise.promise();
        queue.waiting.add(new Waiting(message, published));
        if (!queue.storing) {
            storeNextBatch(roomId, queue);
        }
        return published.future();
    }

    private void storeNextBatch(String roomId, RoomQueue queue) {
        if (queue.waiting.isEmpty()) {
            queues.remove(roomId);
            return;
        }
        List<Waiting> batch = new ArrayList<>(queue.waiting.subList(0, Math.min(MAX_BATCH, queue.waiting.size())));
        queue.waiting.subList(0, batch.size()).clear();
        queue.storing = true;
        JsonArray messages = new JsonArray(batch.stream().map(waiting -> (Object) waiting.message()).toList());
        Bus.request(bus, STORE_MESSAGE_APPEND, new JsonObject().put("roomId", roomId).put("messages", messages))
            .onComplete(stored -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (stored.succeeded()) {
                        JsonObject view = RoomViews.message(stored.result().getJsonArray("messages").getJsonObject(i));
                        bus.publish(room(roomId), view);
                        batch.get(i).published().complete(view);
                    } else {
                        batch.get(i).published().fail(stored.cause());
                    }
                }
                queue.storing = false;
                storeNextBatch(roomId, queue);
            });
    }
}
