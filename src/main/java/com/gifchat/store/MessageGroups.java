package com.gifchat.store;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.gifchat.store.StoreVerticle.MESSAGES;

/**
 * Stores the batches of messages of every room as groups: the batches that arrive while the store is busy with
 * earlier groups go together in the next, whatever their rooms, as one ordered insert, so one journaled commit for the
 * lot. Each room's numbers come from this node's memory ({@link RoomNumbers}): no command numbers them. A room has one
 * batch here at a time (its writer sends the next once this one is answered), so groups under way at once never
 * share a room.
 * <p>
 * A message's id, {@code <roomId>-<seq>}, is unique, so a number another node took, or one this node believed free
 * wrongly, fails the insert with a duplicate key from that message on (the insert is ordered: what came before it is
 * stored, nothing after it is tried). The room's number is then read again and the messages not stored go first in
 * the next group, renumbered where their room's number changed, so each room keeps its order and its numbers stay
 * gap-free. Once a group is stored, its batches are answered; the rooms' records ({@code seq}, {@code lastActivity})
 * follow within a second ({@link RoomRecords}), and a room that went while its messages were on their way loses them
 * then ({@link GoneRooms}).
 */
final class MessageGroups {

    /** Messages in one insert at most: far above a busy moment's group, and a commit stays quick. */
    private static final int MAX_GROUP = 2048;
    /**
     * Inserts under way at once. With one, every room's messages waited behind each commit, and a slow one held them
     * all back; with two, one group is inserted while the other commits, and the batches that arrive meanwhile still
     * go together.
     */
    private static final int MAX_INSERTING = 2;
    /** Duplicate numbers one batch meets before it is refused as busy: two nodes racing in a room, without end. */
    private static final int MAX_CONFLICTS = 8;

    private final MongoClient mongo;
    private final RoomNumbers numbers;
    private final RoomRecords records;
    private final StoredCopies storedCopies;
    private final Deque<Batch> waiting = new ArrayDeque<>();
    /** Inserts under way: each of another group, so of other rooms, as a room has one batch here at a time. */
    private int inserting;

    /** {@code mongo} stores the messages, journaled. */
    MessageGroups(MongoClient mongo, RoomNumbers numbers, RoomRecords records) {
        this.mongo = mongo;
        this.numbers = numbers;
        this.records = records;
        this.storedCopies = new StoredCopies(mongo);
    }

    /**
     * One room's messages in their order: what each became so far (stored, or found stored before as a copy), and what
     * is left to number and store.
     */
    private static final class Batch {
        private final String roomId;
        private final List<Left> left = new ArrayList<>();
        private final JsonObject[] results;
        /** Places of messages another writer had stored already: answered with that one, not stored or published again. */
        private final JsonArray copies = new JsonArray();
        private final Promise<JsonObject> done = Promise.promise();
        private int conflicts;
        /** The first number another writer took in this room, once one did: its messages from there are looked at. */
        private long checkCopiesFrom = -1;

        private Batch(String roomId, List<JsonObject> messages) {
            this.roomId = roomId;
            this.results = new JsonObject[messages.size()];
            for (int i = 0; i < messages.size(); i++) {
                left.add(new Left(i, messages.get(i)));
            }
        }
    }

    /** A message of a batch not stored yet, and its place in the batch. */
    private record Left(int place, JsonObject message) {
    }

    /** A numbered message of a group, its batch and its place in it. */
    private record Numbered(Batch batch, int place, JsonObject document) {
    }

    /**
     * {roomId, messages: [...]}, one room's messages in arrival order; replies {messages: [stored message, ...]} in
     * the same order once all are stored and journaled.
     */
    Future<JsonObject> append(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonArray messages = request.getJsonArray("messages");
        if (roomId == null || messages == null || messages.isEmpty()) {
            return Failure.BAD_INPUT.future("an append needs a room and messages");
        }
        Batch batch = new Batch(roomId, messages.stream().map(JsonObject.class::cast).toList());
        waiting.add(batch);
        storeNext();
        return batch.done.future();
    }

    /**
     * Takes the next group and stores it, unless {@link #MAX_INSERTING} inserts are under way. Another group starts as
     * soon as this one's insert is answered.
     */
    private void storeNext() {
        if (waiting.isEmpty() || inserting >= MAX_INSERTING) {
            return;
        }
        inserting++;
        List<Batch> group = new ArrayList<>();
        int size = 0;
        while (!waiting.isEmpty() && (group.isEmpty() || size + waiting.peek().left.size() <= MAX_GROUP)) {
            Batch batch = waiting.poll();
            group.add(batch);
            size += batch.left.size();
        }
        // the numbers first: a copy stored after the check below takes a number this node then meets on insert
        numbers.load(group.stream().map(batch -> batch.roomId).toList())
            .compose(lastNumbers -> withoutCopies(group).map(lastNumbers))
            .compose(lastNumbers -> insert(group, lastNumbers))
            .onComplete(inserted -> {
                inserting--;
                if (inserted.succeeded()) {
                    answer(group);
                } else {
                    // the outcome is not known: every room of the group is read again before its next number
                    group.forEach(batch -> {
                        numbers.forget(batch.roomId);
                        batch.done.tryFail(inserted.cause());
                    });
                }
                storeNext();
            });
    }

    /**
     * Numbers the group after each room's last number ({@code lastNumbers}, which lacks the rooms that do not exist:
     * their batches are refused) and inserts it. The batches not stored whole go
     * first in the next group, in their order.
     */
    private Future<Void> insert(List<Batch> group, Map<String, Long> lastNumbers) {
        List<Numbered> numbered = new ArrayList<>();
        for (Batch batch : group) {
            if (!lastNumbers.containsKey(batch.roomId)) {
                batch.done.tryFail(Failure.NO_SUCH_ROOM.exception("no such room"));
                continue;
            }
            for (Left message : batch.left) {
                long seq = lastNumbers.merge(batch.roomId, 1L, Long::sum);
                numbered.add(new Numbered(batch, message.place(), Messages.document(batch.roomId, seq, message.message())));
            }
        }
        if (numbered.isEmpty()) {
            return Future.succeededFuture();
        }
        AppMetrics.count("store.message.inserts");
        List<BulkOperation> inserts = numbered.stream().map(message -> BulkOperation.createInsert(message.document())).toList();
        return mongo.bulkWriteWithOptions(MESSAGES, inserts, new BulkWriteOptions(true))
            .map(result -> numbered.size())
            .recover(error -> storedBefore(error, numbered))
            .map(count -> {
                stored(group, numbered, count);
                return null;
            });
    }

    /**
     * How many of the group's messages the failed insert stored: those before its first error, when that error is a
     * duplicate number; the group fails otherwise, and the room whose number was taken is read again.
     */
    private Future<Integer> storedBefore(Throwable error, List<Numbered> numbered) {
        if (!(error instanceof MongoBulkWriteException bulk) || bulk.getWriteErrors().isEmpty()) {
            return Future.failedFuture(error);
        }
        BulkWriteError first = bulk.getWriteErrors().get(0);
        if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            return Future.failedFuture(error);
        }
        Numbered taken = numbered.get(first.getIndex());
        Batch conflicting = taken.batch();
        numbers.forget(conflicting.roomId);
        conflicting.conflicts++;
        if (conflicting.checkCopiesFrom < 0) {
            conflicting.checkCopiesFrom = taken.document().getLong("seq");
        }
        AppMetrics.count("store.message.conflicts");
        return Future.succeededFuture(first.getIndex());
    }

    /**
     * The first {@code count} messages are stored: each room's number and record move on, and the batches not stored
     * whole wait again, first.
     */
    private void stored(List<Batch> group, List<Numbered> numbered, int count) {
        Map<String, JsonObject> lastByRoom = new HashMap<>();
        for (Numbered message : numbered.subList(0, count)) {
            Batch batch = message.batch();
            batch.left.remove(0);
            batch.results[message.place()] = message.document();
            if (numbers.last(batch.roomId) != null) {
                numbers.stored(batch.roomId, message.document().getLong("seq"));
            }
            lastByRoom.put(batch.roomId, message.document());
        }
        lastByRoom.forEach((roomId, last) -> records.raise(roomId, last.getLong("seq"), last.getLong("at")));
        List<Batch> again = group.stream()
            .filter(batch -> !batch.left.isEmpty() && !batch.done.future().isComplete()).toList();
        for (int i = again.size() - 1; i >= 0; i--) {
            Batch batch = again.get(i);
            if (batch.conflicts > MAX_CONFLICTS) {
                // another node kept taking this room's numbers; the text reaches the sender as it is
                batch.done.tryFail(Failure.UNAVAILABLE.exception("The chat is busy right now. Please try again in a moment."));
            } else {
                waiting.addFirst(batch);
            }
        }
    }

    /** Answers the group's batches stored whole. */
    private static void answer(List<Batch> group) {
        for (Batch batch : group) {
            if (batch.left.isEmpty()) {
                batch.done.tryComplete(new JsonObject().put("messages", Documents.withIds(Arrays.asList(batch.results)))
                    .put("copies", batch.copies));
            }
        }
    }

    /**
     * For the batches whose room another writer wrote in (a number it took failed this node's insert): a message that
     * writer stored already ({@link StoredCopies}) is answered with that one instead of being stored twice.
     */
    private Future<Void> withoutCopies(List<Batch> group) {
        List<Future<Void>> checks = new ArrayList<>();
        for (Batch batch : group) {
            if (batch.checkCopiesFrom < 0) {
                continue;
            }
            long from = batch.checkCopiesFrom;
            batch.checkCopiesFrom = -1;
            List<Left> left = List.copyOf(batch.left);
            checks.add(storedCopies.among(batch.roomId, from, left.stream().map(Left::message).toList()).map(found -> {
                found.forEach((i, stored) -> {
                    batch.results[left.get(i).place()] = stored;
                    batch.copies.add(left.get(i).place());
                    batch.left.remove(left.get(i));
                });
                return null;
            }));
        }
        return Future.all(checks).mapEmpty();
    }
}
