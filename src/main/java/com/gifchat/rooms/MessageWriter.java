package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static com.gifchat.bus.Addresses.STORE_MESSAGE_APPEND;
import static com.gifchat.bus.Addresses.STORE_MESSAGE_PAGE;
import static com.gifchat.bus.Addresses.room;

/**
 * Stores the messages of the rooms this node writes ({@link RoomOwners}) in the order they arrive here and publishes
 * them in that order. While one batch of a
 * room is on its way to the store, the messages that arrive meanwhile wait and then go together; the store in turn
 * stores the batches of all rooms that reach it meanwhile with one insert and one commit. So order costs no
 * throughput.
 *
 * <p>A message may carry a client id: a page that never heard whether its message was stored sends it again with the
 * same id, and it is stored and published once. This node remembers the ids of a room's recent messages; what it
 * cannot know (after a restart, after an answer it never got, or once the cluster's members changed, so that the room
 * may have had another owner) it reads back from the store's newest messages before the batch is numbered, so a
 * retry is recognised wherever it lands.
 */
final class MessageWriter {

    /** Enough to absorb a burst; small enough that one batch stays a quick write. */
    private static final int MAX_BATCH = 256;
    /** How many of a room's newest messages a retry is looked for among: far more than a page sends in a retry's time. */
    static final int RETRY_WINDOW = 200;
    /** Rooms whose recent ids are remembered; the least recently written is forgotten first, and read back if needed. */
    private static final int REMEMBERED_ROOMS = 1000;

    private final EventBus bus;
    private final int maxQueued;
    private final LongSupplier ownersChanged;
    /** Messages of every room waiting here or on their way to the store. */
    private int queued;
    private final Map<String, RoomQueue> queues = new HashMap<>();
    private final Map<String, Recent> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
            return size() > REMEMBERED_ROOMS;
        }
    };

    /**
     * {@code maxQueued} bounds the messages waiting on this node: beyond it, sends are refused, not kept in memory.
     * {@code ownersChanged} counts the cluster's membership changes ({@link RoomOwners#changes}): what this node
     * remembers of a room from before a change is read back before a retry is trusted to it.
     */
    MessageWriter(EventBus bus, int maxQueued, LongSupplier ownersChanged) {
        this.bus = bus;
        this.maxQueued = maxQueued;
        this.ownersChanged = ownersChanged;
    }

    private record Waiting(JsonObject message, String key, Promise<JsonObject> published) {
    }

    private static final class RoomQueue {
        private final List<Waiting> waiting = new ArrayList<>();
        /** Messages waiting or being stored, by client key: a second copy waits for the first's outcome. */
        private final Map<String, Future<JsonObject>> inFlight = new HashMap<>();
        private boolean storing;
    }

    /** A room's messages with a client key, newest last, and the highest number up to which this node saw them all. */
    private static final class Recent {
        private final Map<String, JsonObject> byKey = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
                return size() > RETRY_WINDOW;
            }
        };
        private long seenUpTo = -1;
        /** The count of membership changes when {@link #seenUpTo} was last known. */
        private long seenAt;
    }

    /**
     * {@code message} is {type, text or gif, user, at, clientId?}; the future holds it as published, once it is
     * stored, or as it was published before when its client id says it is a copy.
     */
    Future<JsonObject> append(String roomId, JsonObject message) {
        String key = clientKey(message);
        Future<JsonObject> copy = key == null ? null : copyOf(roomId, key);
        if (copy != null) {
            return copy;
        }
        if (queued >= maxQueued) {
            // the store is not keeping up: shed the load now rather than hold every message in memory until it does
            return Failure.UNAVAILABLE.future("The chat is busy right now. Please try again in a moment.");
        }
        RoomQueue queue = queues.computeIfAbsent(roomId, id -> new RoomQueue());
        Promise<JsonObject> published = Promise.promise();
        queued++;
        published.future().onComplete(done -> queued--);
        queue.waiting.add(new Waiting(message, key, published));
        if (key != null) {
            queue.inFlight.put(key, published.future());
        }
        if (!queue.storing) {
            storeNextBatch(roomId, queue);
        }
        return published.future();
    }

    /** What a message sent again got, or gets: the stored one, or the first copy's outcome; null for a new message. */
    private Future<JsonObject> copyOf(String roomId, String key) {
        Recent known = recent.get(roomId);
        JsonObject stored = known == null ? null : known.byKey.get(key);
        if (stored != null) {
            return Future.succeededFuture(stored);
        }
        RoomQueue queue = queues.get(roomId);
        return queue == null ? null : queue.inFlight.get(key);
    }


    private static String clientKey(JsonObject message) {
        String clientId = message.getString("clientId");
        return clientId == null ? null : message.getJsonObject("user").getString("id") + "/" + clientId;
    }

    private void storeNextBatch(String roomId, RoomQueue queue) {
        if (queue.waiting.isEmpty()) {
            queues.remove(roomId);
            return;
        }
        List<Waiting> batch = new ArrayList<>(queue.waiting.subList(0, Math.min(MAX_BATCH, queue.waiting.size())));
        queue.waiting.subList(0, batch.size()).clear();
        queue.storing = true;
        boolean hasKeys = batch.stream().anyMatch(waiting -> waiting.key() != null);
        Future<List<Waiting>> fresh = hasKeys ? withoutCopies(roomId, batch) : Future.succeededFuture(batch);
        fresh.compose(toStore -> toStore.isEmpty() ? Future.succeededFuture(new JsonArray())
                : Bus.requestLocally(bus, STORE_MESSAGE_APPEND, new JsonObject().put("roomId", roomId).put("messages", new JsonArray(
                    toStore.stream().map(waiting -> (Object) waiting.message()).toList()))).map(reply -> {
                        JsonArray stored = reply.getJsonArray("messages");
                        JsonArray copies = reply.getJsonArray("copies", new JsonArray());
                        remember(roomId, toStore, stored, !copies.isEmpty());
                        for (int i = 0; i < toStore.size(); i++) {
                            JsonObject view = RoomViews.message(stored.getJsonObject(i));
                            // a copy another writer stored was published by it
                            if (!copies.contains(i)) {
                                bus.publish(room(roomId), view);
                            }
                            toStore.get(i).published().complete(view);
                        }
                        return stored;
                    }))
            .onComplete(done -> {
                Recent known = recent.get(roomId);
                if (done.failed() && known != null) {
                    // the batch may have been stored although the answer never came: a retry must read back first
                    known.seenUpTo = -1;
                }
                for (Waiting waiting : batch) {
                    if (done.failed()) {
                        waiting.published().tryFail(done.cause());
                    }
                    if (waiting.key() != null) {
                        queue.inFlight.remove(waiting.key());
                    }
                }
                queue.storing = false;
                storeNextBatch(roomId, queue);
            });
    }

    /**
     * The messages of {@code batch} that are not copies of stored ones; copies are answered with the original. When
     * this node has not seen every recent message of the room, it reads the newest ones back first.
     */
    private Future<List<Waiting>> withoutCopies(String roomId, List<Waiting> batch) {
        Recent known = recent.get(roomId);
        boolean current = known != null && known.seenUpTo >= 0 && known.seenAt == ownersChanged.getAsLong();
        Future<Recent> upToDate = current ? Future.succeededFuture(known)
            : Bus.requestLocally(bus, STORE_MESSAGE_PAGE, new JsonObject().put("roomId", roomId).put("limit", RETRY_WINDOW))
                .map(reply -> readBack(roomId, reply.getJsonArray("messages")));
        return upToDate.map(room -> {
            List<Waiting> fresh = new ArrayList<>();
            for (Waiting waiting : batch) {
                JsonObject stored = waiting.key() == null ? null : room.byKey.get(waiting.key());
                if (stored == null) {
                    fresh.add(waiting);
                } else {
                    waiting.published().complete(stored);
                }
            }
            return fresh;
        });
    }

    private Recent readBack(String roomId, JsonArray newest) {
        Recent room = recent.computeIfAbsent(roomId, id -> new Recent());
        long last = room.seenUpTo;
        for (int i = 0; i < newest.size(); i++) {
            JsonObject stored = newest.getJsonObject(i);
            String clientId = stored.getString("cid");
            if (clientId != null) {
                room.byKey.put(stored.getString("userId") + "/" + clientId, RoomViews.message(stored));
            }
            last = Math.max(last, stored.getLong("seq"));
        }
        room.seenUpTo = Math.max(last, 0);
        room.seenAt = ownersChanged.getAsLong();
        return room;
    }

    /**
     * Notes what was just stored; a gap before it or within it means another node wrote meanwhile (the store numbers
     * the rest of a batch anew after a number another node took), so the next retry reads back.
     */
    private void remember(String roomId, List<Waiting> toStore, JsonArray stored, boolean withCopies) {
        Recent room = recent.computeIfAbsent(roomId, id -> new Recent());
        long first = stored.getJsonObject(0).getLong("seq");
        long last = stored.getJsonObject(stored.size() - 1).getLong("seq");
        // copies another writer stored mean it wrote in this room, maybe more than these
        boolean unbroken = !withCopies && room.seenUpTo == first - 1 && last - first + 1 == stored.size();
        room.seenUpTo = unbroken ? last : -1;
        room.seenAt = ownersChanged.getAsLong();
        for (int i = 0; i < toStore.size(); i++) {
            if (toStore.get(i).key() != null) {
                room.byKey.put(toStore.get(i).key(), RoomViews.message(stored.getJsonObject(i)));
            }
        }
    }
}
