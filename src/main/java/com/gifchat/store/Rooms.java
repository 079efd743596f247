package com.gifchat.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import static com.gifchat.store.StoreVerticle.MEMBERS;
import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.REMOVALS;
import static com.gifchat.store.StoreVerticle.ROOMS;

/**
 * Room documents: creation, look-up, listing and removal (with their members, messages and images). A removal is
 * recorded in {@code removals} before the room goes, and the reaper takes a second look at it once the grace period
 * has passed: a crash midway then leaves a record to finish from, and a write that was in flight when the room went
 * (a join, an upload) and landed after the first pass is removed too, instead of staying as data that nothing refers
 * to. No message lands after the first pass: the room's next number is fenced off before it ({@link #fence}).
 * <p>
 * A room document: {@code _id}, {@code title}, {@code capacity}, {@code passwordHash} (PBKDF2, null for a public
 * room), {@code owner {id, colour}}, {@code createdAt}, {@code lastActivity}, {@code emptySince} (absent while
 * occupied), {@code memberCount}, {@code seq} (its last message's number, and {@code lastActivity} its time, both
 * raised within a second of the message: {@link RoomRecords}), {@code slowModeSeconds}, and {@code bans}
 * (kick cool-downs: {@code {id, address?, until}}). A removal record: {@code _id} (the room's), {@code startedAt},
 * {@code lastSeq}; its fence, in {@code messages}: {@code _id} {@code <roomId>-<n>} (n just above {@code lastSeq}) and
 * nothing else.
 */
final class Rooms {

    /** Tries to fence a removed room's numbers off before its removal is left to the reaper's second look. */
    private static final int MAX_FENCE_TRIES = 8;
    /** The furthest a fence goes ahead of the last number: well within the second look's window over gaps. */
    private static final long MAX_FENCE_GAP = 64;

    private final MongoClient mongo;
    private final ImageFiles images;
    private final Presence presence;
    private final Messages messages;
    private final RoomNumbers numbers;
    private final RoomRecords records;

    Rooms(MongoClient mongo, ImageFiles images, Presence presence, Messages messages, RoomNumbers numbers, RoomRecords records) {
        this.mongo = mongo;
        this.images = images;
        this.presence = presence;
        this.messages = messages;
        this.numbers = numbers;
        this.records = records;
    }

    Future<JsonObject> insert(JsonObject room) {
        long createdAt = room.getLong("createdAt");
        JsonObject document = new JsonObject()
            .put("_id", room.getString("id"))
            .put("title", room.getString("title"))
            .put("capacity", room.getInteger("capacity"))
            .put("passwordHash", room.getString("passwordHash"))
            .put("owner", room.getJsonObject("owner"))
            .put("createdAt", createdAt)
            .put("lastActivity", createdAt)
            // a room nobody has entered yet is as removable as one everybody left
            .put("emptySince", createdAt)
            .put("memberCount", 0)
            .put("seq", 0L);
        return mongo.insert(ROOMS, document).map(id -> new JsonObject().put("room", Documents.withId(document)));
    }

    /** The room; with {@code memberId}, also whether that person is in it now ({@code member}). */
    Future<JsonObject> find(JsonObject request) {
        String id = request.getString("id");
        String memberId = request.getString("memberId");
        return mongo.findOne(ROOMS, byId(id), null).compose(room -> {
            if (room == null) {
                return Documents.noSuchRoom();
            }
            JsonObject found = new JsonObject().put("room", Documents.withId(room));
            return memberId == null ? Future.succeededFuture(found) : presence.isMember(id, memberId).map(member -> found.put("member", member));
        });
    }

    /** Sets {@code slowModeSeconds} (0: off); replies with it, or NO_SUCH_ROOM. */
    Future<JsonObject> slowMode(JsonObject request) {
        int seconds = request.getInteger("seconds");
        JsonObject set = new JsonObject().put("$set", new JsonObject().put("slowModeSeconds", seconds));
        return mongo.updateCollection(ROOMS, byId(request.getString("roomId")), set)
            .compose(result -> result.getDocMatched() == 0 ? Documents.noSuchRoom()
                : Future.succeededFuture(new JsonObject().put("roomId", request.getString("roomId")).put("slowModeSeconds", seconds)));
    }

    /** Rooms newest first; with {@code skip} and {@code limit}, one window of them (the list's pages). */
    Future<JsonObject> list(JsonObject request) {
        FindOptions newestFirst = new FindOptions().setSort(new JsonObject().put("createdAt", -1).put("_id", -1))
            .setSkip(request.getInteger("skip", 0));
        if (request.containsKey("limit")) {
            newestFirst.setLimit(request.getInteger("limit"));
        }
        return mongo.findWithOptions(ROOMS, new JsonObject(), newestFirst)
            .map(rooms -> new JsonObject().put("rooms", Documents.withIds(rooms)));
    }

    Future<JsonObject> delete(JsonObject request) {
        String id = request.getString("id");
        return remove(byId(id), id)
            .map(deleted -> new JsonObject().put("deleted", deleted));
    }

    /**
     * Finishes the removals recorded before {@code emptyBefore}, then removes every room that has been empty since
     * before then; replies with the ids of the rooms removed now.
     */
    Future<JsonObject> reap(JsonObject request) {
        long emptyBefore = request.getLong("emptyBefore");
        JsonObject stillEmpty = new JsonObject()
            .put("memberCount", 0)
            .put("emptySince", new JsonObject().put("$lt", emptyBefore));
        return finishRemovals(emptyBefore)
            .compose(v -> mongo.findWithOptions(ROOMS, stillEmpty, Documents.fields(new JsonObject().put("_id", 1))))
            .compose(candidates -> Future.all(candidates.stream()
                .map(room -> room.getString("_id"))
                // the condition is repeated so that a person who entered meanwhile keeps the room
                .map(id -> remove(stillEmpty.copy().put("_id", id), id).map(removed -> removed ? id : null))
                .toList()))
            .map(all -> new JsonObject().put("removed", new JsonArray(
                all.<String>list().stream().filter(id -> id != null).toList())));
    }

    /**
     * Removes the room {@code roomQuery} finds, then its messages, members and images; the record keeps the room's
     * last number (its record's, or the last message's where that is higher) for the reaper's second look.
     * Inserting the record first also claims the removal: another node removing the same room at the same time finds
     * the record and leaves it. Once the room is gone, its next number is fenced off ({@link #fence}).
     */
    private Future<Boolean> remove(JsonObject roomQuery, String roomId) {
        JsonObject record = byId(roomId).put("startedAt", System.currentTimeMillis());
        return mongo.insert(REMOVALS, record)
            .compose(claimed -> mongo.findOneAndDelete(ROOMS, roomQuery)
                .compose(room -> {
                    if (room == null) {
                        return forgetRemoval(roomId).map(false);
                    }
                    numbers.forget(roomId);
                    records.forget(roomId);
                    return fence(roomId, room.getLong("seq"), 0).compose(last -> firstPass(roomId, last)).map(true);
                }),
                error -> isDuplicateKey(error) ? Future.succeededFuture(false) : Future.failedFuture(error));
    }

    /**
     * Notes the room's last number in its removal record, then takes a number above it with a document of no room
     * (its id alone), so that a writer that still believes the room exists (another node's, or a group numbered just
     * before) meets a duplicate number, reads the room again and refuses the message: a room that went takes no
     * message, on any node, without a look at the rooms after every insert. A writer that took the number first moves
     * the fence further up, each time twice as far ahead (the numbers skipped are no room's: the second look goes over
     * such gaps), until it holds or {@link #MAX_FENCE_TRIES} failed; the removal then fails and the reaper's second
     * look finishes it. Once the record is gone, another node's second look finished the removal: no fence then.
     * Answers the last number before the fence.
     */
    private Future<Long> fence(String roomId, long from, int tries) {
        if (tries == MAX_FENCE_TRIES) {
            return Future.failedFuture("room " + roomId + ": its writer kept taking the numbers its removal tried to fence off");
        }
        return messages.lastStored(roomId, from).compose(last -> {
            long fenceAt = last + Math.min(1L << tries, MAX_FENCE_GAP);
            JsonObject noteLastSeq = new JsonObject().put("$set", new JsonObject().put("lastSeq", last));
            return mongo.updateCollection(REMOVALS, byId(roomId), noteLastSeq).compose(noted -> noted.getDocMatched() == 0
                    ? Future.succeededFuture(last)
                    : mongo.insert(MESSAGES, byId(Messages.messageId(roomId, fenceAt))).map(last)
                        .recover(error -> isDuplicateKey(error) ? fence(roomId, fenceAt, tries + 1) : Future.failedFuture(error)));
        });
    }

    /** What the room had up to its fence goes now; the fence and anything above it wait for the second look. */
    private Future<Void> firstPass(String roomId, long lastSeq) {
        return messages.removeUpTo(roomId, lastSeq).compose(v -> removeMembersAndImages(roomId));
    }

    /**
     * The second look at each removal recorded before {@code startedBefore}, which then ends. With the room's last
     * number noted, its messages up to that number (every one it had, and any stored after the first pass), members
     * and images go. Without, a crash came before the number was noted: if the room is still there it stays;
     * otherwise its messages are found by room, as their last number went with it.
     */
    private Future<Void> finishRemovals(long startedBefore) {
        JsonObject due = new JsonObject().put("startedAt", new JsonObject().put("$lt", startedBefore));
        return mongo.find(REMOVALS, due)
            .compose(records -> Future.all(records.stream().map(this::finishRemoval).toList()))
            .mapEmpty();
    }

    private Future<Void> finishRemoval(JsonObject record) {
        String roomId = record.getString("_id");
        Long lastSeq = record.getLong("lastSeq");
        Future<Void> contents = lastSeq != null ? removeContents(roomId, lastSeq) : finishUnnumbered(roomId);
        return contents.compose(v -> forgetRemoval(roomId));
    }

    private Future<Void> finishUnnumbered(String roomId) {
        return mongo.count(ROOMS, byId(roomId)).compose(left -> left > 0 ? Future.succeededFuture()
            : mongo.removeDocuments(MESSAGES, new JsonObject().put("roomId", roomId)).compose(v -> removeMembersAndImages(roomId)));
    }

    private Future<Void> removeContents(String roomId, long lastSeq) {
        return messages.removeAll(roomId, lastSeq).compose(v -> removeMembersAndImages(roomId));
    }

    private Future<Void> removeMembersAndImages(String roomId) {
        return mongo.removeDocuments(MEMBERS, new JsonObject().put("roomId", roomId))
            .compose(v -> images.deleteRoomFiles(roomId));
    }

    private Future<Void> forgetRemoval(String roomId) {
        return mongo.removeDocument(REMOVALS, byId(roomId)).mapEmpty();
    }

    private static boolean isDuplicateKey(Throwable error) {
        return error instanceof MongoServerException server && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    private static JsonObject byId(String id) {
        return new JsonObject().put("_id", id);
    }
}
