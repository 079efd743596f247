package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientBulkWriteResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * What the rooms' records say of their messages: {@code seq}, the last number, and {@code lastActivity}, the time of
 * the last message. They are raised for every room written meanwhile with one command a second ({@link #flush}), not
 * journaled: each group of messages would otherwise rewrite its rooms' records too. Whoever reads a room's last
 * number also reads past its record ({@link RoomNumbers#above}), so a record a second behind, or set back by a crash,
 * costs a look at a few ids, never a wrong number. A record the flush does not find is of a room that went
 * meanwhile: what it had stored since is removed ({@link GoneRooms}).
 */
final class RoomRecords {

    /** How often the records catch up with the messages stored. */
    static final long EVERY_MS = 1000;

    private final MongoClient bookkeeping;
    /** Given the rooms of a flush and their last numbers when some were not found: {@link GoneRooms#sweep}. */
    private final Function<Map<String, Long>, Future<?>> someWent;
    /** Per room written since the last flush: its last number and the time of its last message. */
    private Map<String, long[]> pending = new HashMap<>();
    private boolean flushing;

    RoomRecords(MongoClient bookkeeping, Function<Map<String, Long>, Future<?>> someWent) {
        this.bookkeeping = bookkeeping;
        this.someWent = someWent;
    }

    /** A room this node removed: nothing to raise, and nothing to sweep. */
    void forget(String roomId) {
        pending.remove(roomId);
    }

    /** Notes that the room's messages up to {@code seq} are stored, the last at {@code at}. */
    void raise(String roomId, long seq, long at) {
        pending.merge(roomId, new long[] {seq, at}, (known, more) -> new long[] {Math.max(known[0], more[0]), Math.max(known[1], more[1])});
    }

    /**
     * Raises the records of the rooms written since the last flush, each with {@code $max}, in one unjournaled
     * command; what it could not write waits for the next. When fewer records matched than rooms were written, some
     * rooms went meanwhile, and {@code someWent} is given them all to find which.
     */
    Future<Void> flush() {
        if (flushing || pending.isEmpty()) {
            return Future.succeededFuture();
        }
        flushing = true;
        Map<String, long[]> raising = pending;
        pending = new HashMap<>();
        List<BulkOperation> raises = new ArrayList<>();
        raising.forEach((roomId, last) -> raises.add(BulkOperation.createUpdate(new JsonObject().put("_id", roomId),
            new JsonObject().put("$max", new JsonObject().put("seq", last[0]).put("lastActivity", last[1])))));
        Future<MongoClientBulkWriteResult> raised = bookkeeping.bulkWriteWithOptions(ROOMS, raises, new BulkWriteOptions(false))
            .onFailure(error -> raiseAgain(raising));
        return raised
            .compose(result -> result.getMatchedCount() < raises.size() ? sweep(raising) : Future.succeededFuture())
            .<Void>mapEmpty()
            .onComplete(done -> flushing = false);
    }

    /** Hands the rooms of a flush to {@code someWent}; if that fails, they are raised again and looked at next time. */
    private Future<?> sweep(Map<String, long[]> raising) {
        Map<String, Long> lastWritten = new HashMap<>();
        raising.forEach((roomId, last) -> lastWritten.put(roomId, last[0]));
        return someWent.apply(lastWritten).onFailure(error -> raiseAgain(raising));
    }

    /** What a flush could not finish waits for the next one. */
    private void raiseAgain(Map<String, long[]> raising) {
        raising.forEach((roomId, last) -> raise(roomId, last[0], last[1]));
    }
}
