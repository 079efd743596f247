package com.gifchat.store.embedded;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded file store under the load that once closed it: many writers at once across many collections, the same
 * documents changing shape again and again (a join removes a room's emptySince, a leave adds it back) while journaled
 * inserts commit, and whole rooms removed as the reaper removes them. Every command succeeds, the store never has to
 * be reopened, and every acknowledged write is there, before and after a restart.
 * <p>
 * Before updates worked on copies, H2 failed a commit here with a ConcurrentModificationException (it was writing a
 * room document that an update was changing in place) and closed the store, in most runs.
 */
@ExtendWith(VertxExtension.class)
class ConcurrentWritesTest {

    /** Writers at once, each its own thread and connection: the server spreads connections over its worker threads. */
    private static final int WRITERS = 16;
    private static final int ROOMS_PER_WRITER = 8;
    /** Each collection of the app several times over, so that commits have many maps to write. */
    private static final int SHARDS = 4;
    private static final int MEMBERS = 3;
    /** A member's turn: into the shard's lobby and the writer's room, a batch of messages, out of both. */
    private static final int TURNS = 6;
    private static final int BATCH = 5;
    /** Every fourth room stays; the others are removed with everything in them. */
    private static final int KEEP_EVERY = 4;
    /** A room with a long ban list takes a while to write, which is when a commit could see it change. */
    private static final int BANS = 100;
    private static final String LOBBY = "lobby";
    private static final long GIVE_UP_SECONDS = 120;

    @Test
    void manyWritersAndWholeRoomRemovalsLeaveTheStoreOpenWithEveryAcknowledgedWrite(Vertx vertx, @TempDir Path dir) throws Exception {
        EmbeddedMongo embedded = EmbeddedMongo.inFile(dir);
        String address = embedded.start(0);
        try {
            MongoClient journaled = client(vertx, address, true);
            MongoClient bookkeeping = client(vertx, address, false);
            for (int shard = 0; shard < SHARDS; shard++) {
                journaled.insert("rooms" + shard, room(LOBBY)).await();
            }
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    int w = writer;
                    done.add(writers.submit(() -> writeRooms(journaled, bookkeeping, w)));
                }
                for (Future<?> writer : done) {
                    awaitWriter(writer);
                }
            } finally {
                writers.shutdownNow();
            }
            assertEquals(0, embedded.reopenings(), "the store was closed underneath and had to be reopened");
            checkRooms(journaled);
            journaled.close().await();
            bookkeeping.close().await();
        } finally {
            embedded.stop();
        }

        EmbeddedMongo reopened = EmbeddedMongo.inFile(dir);
        String again = reopened.start(0);
        try {
            MongoClient mongo = client(vertx, again, true);
            checkRooms(mongo);
            mongo.close().await();
        } finally {
            reopened.stop();
        }
    }

    private static void awaitWriter(Future<?> writer) throws Exception {
        try {
            writer.get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a command failed under concurrent writes: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the writers did not finish within " + GIVE_UP_SECONDS + " s", e);
        }
    }

    private static void writeRooms(MongoClient journaled, MongoClient bookkeeping, int writer) {
        for (int i = 0; i < ROOMS_PER_WRITER; i++) {
            String roomId = "w" + writer + "r" + i;
            int shard = (writer + i) % SHARDS;
            fillRoom(journaled, bookkeeping, roomId, shard);
            if (i % KEEP_EVERY != 0) {
                removeRoom(journaled, roomId, shard);
            }
        }
    }

    /**
     * Creates a room, whose members then take turns: each goes into the shard's lobby and this room, has a batch of
     * messages numbered and stored, and leaves both, as the store verticle records it.
     */
    private static void fillRoom(MongoClient journaled, MongoClient bookkeeping, String roomId, int shard) {
        String rooms = "rooms" + shard;
        String members = "members" + shard;
        journaled.insert(rooms, room(roomId)).await();
        for (int m = 0; m < MEMBERS; m++) {
            bookkeeping.insert(members, new JsonObject().put("_id", roomId + "-m" + m).put("roomId", roomId)
                .put("conns", new JsonArray())).await();
        }
        for (int turn = 0; turn < TURNS; turn++) {
            JsonObject member = byId(roomId + "-m" + turn % MEMBERS);
            JsonObject connection = new JsonObject().put("node", "n").put("conn", turn);
            bookkeeping.updateCollection(members, member, new JsonObject().put("$push", new JsonObject().put("conns", connection))).await();
            join(bookkeeping, rooms, LOBBY);
            join(bookkeeping, rooms, roomId);
            JsonObject reserved = bookkeeping.findOneAndUpdateWithOptions(rooms, byId(roomId), new JsonObject()
                    .put("$inc", new JsonObject().put("seq", BATCH))
                    .put("$set", new JsonObject().put("lastActivity", (long) turn)),
                new FindOptions().setFields(new JsonObject().put("seq", 1)), new UpdateOptions().setReturningNewDocument(true)).await();
            long first = reserved.getLong("seq") - BATCH + 1;
            List<BulkOperation> inserts = new ArrayList<>();
            for (long seq = first; seq < first + BATCH; seq++) {
                inserts.add(BulkOperation.createInsert(new JsonObject().put("_id", roomId + "-" + seq)
                    .put("roomId", roomId).put("seq", seq).put("text", "message " + seq)));
            }
            journaled.bulkWrite("messages" + shard, inserts).await();
            leave(bookkeeping, rooms, roomId);
            leave(bookkeeping, rooms, LOBBY);
            bookkeeping.updateCollection(members, member, new JsonObject().put("$pull", new JsonObject().put("conns", connection))).await();
        }
    }

    private static void join(MongoClient mongo, String rooms, String roomId) {
        mongo.updateCollection(rooms, byId(roomId), new JsonObject()
            .put("$inc", new JsonObject().put("memberCount", 1))
            .put("$unset", new JsonObject().put("emptySince", ""))).await();
    }

    private static void leave(MongoClient mongo, String rooms, String roomId) {
        mongo.updateCollection(rooms, byId(roomId), new JsonObject()
            .put("$inc", new JsonObject().put("memberCount", -1))
            .put("$set", new JsonObject().put("emptySince", 2L))).await();
    }

    /** As Rooms.remove: a removal record, the room, its last number noted, its messages a batch at a time, its members. */
    private static void removeRoom(MongoClient journaled, String roomId, int shard) {
        journaled.insert("removals" + shard, byId(roomId).put("startedAt", 1L)).await();
        JsonObject room = journaled.findOneAndDelete("rooms" + shard, byId(roomId).put("memberCount", 0)).await();
        long lastSeq = room.getLong("seq");
        journaled.updateCollection("removals" + shard, byId(roomId), new JsonObject().put("$set", new JsonObject().put("lastSeq", lastSeq))).await();
        for (long to = lastSeq; to >= 1; to -= BATCH) {
            JsonArray ids = new JsonArray();
            for (long seq = Math.max(1, to - BATCH + 1); seq <= to; seq++) {
                ids.add(roomId + "-" + seq);
            }
            journaled.removeDocuments("messages" + shard, new JsonObject().put("_id", new JsonObject().put("$in", ids))).await();
        }
        journaled.removeDocuments("members" + shard, new JsonObject().put("roomId", roomId)).await();
        journaled.removeDocument("removals" + shard, byId(roomId)).await();
    }

    /**
     * The lobbies, empty again, and exactly the kept rooms, each whole with all its messages and members, none of them
     * connected; nothing of the removed rooms.
     */
    private static void checkRooms(MongoClient mongo) {
        int keptPerWriter = (ROOMS_PER_WRITER + KEEP_EVERY - 1) / KEEP_EVERY;
        long rooms = 0;
        long messages = 0;
        long members = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            for (JsonObject room : mongo.find("rooms" + shard, new JsonObject()).await()) {
                String id = room.getString("_id");
                assertEquals(0, room.getInteger("memberCount"), id);
                assertEquals(2L, room.getLong("emptySince"), id);
                assertEquals(BANS, room.getJsonArray("bans").size(), id);
                if (!id.equals(LOBBY)) {
                    assertTrue(Integer.parseInt(id.substring(id.indexOf('r') + 1)) % KEEP_EVERY == 0, "removed room " + id + " is back");
                    assertEquals((long) TURNS * BATCH, room.getLong("seq"), id);
                    rooms++;
                }
            }
            messages += mongo.count("messages" + shard, new JsonObject()).await();
            members += mongo.count("members" + shard, new JsonObject().put("conns", new JsonArray())).await();
            assertEquals(0, mongo.count("removals" + shard, new JsonObject()).await(), "removal records left in shard " + shard);
        }
        assertEquals((long) WRITERS * keptPerWriter, rooms, "kept rooms");
        assertEquals(rooms * TURNS * BATCH, messages, "messages of the kept rooms");
        assertEquals(rooms * MEMBERS, members, "members of the kept rooms, none connected");
    }

    private static JsonObject room(String id) {
        JsonArray bans = new JsonArray();
        for (int b = 0; b < BANS; b++) {
            bans.add(new JsonObject().put("id", "user" + b).put("name", "banned " + b).put("at", (long) b));
        }
        return byId(id).put("title", "room " + id).put("bans", bans).put("seq", 0L).put("memberCount", 0).put("emptySince", 2L);
    }

    private static JsonObject byId(String id) {
        return new JsonObject().put("_id", id);
    }

    private static MongoClient client(Vertx vertx, String address, boolean journaled) {
        JsonObject config = new JsonObject().put("connection_string", address).put("db_name", "stress")
            .put("maxPoolSize", WRITERS);
        return MongoClient.create(vertx, journaled ? config.put("writeConcern", "JOURNALED") : config);
    }
}
