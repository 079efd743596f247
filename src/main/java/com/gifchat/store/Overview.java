package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.gifchat.store.Nodes.NODES;
import static com.gifchat.store.StoreVerticle.MEMBERS;
import static com.gifchat.store.StoreVerticle.MESSAGES;
import static com.gifchat.store.StoreVerticle.ROOMS;

/** Read-only views for administrators: every room with its message count, and counts across the whole system. */
final class Overview {

    private final MongoClient mongo;

    Overview(MongoClient mongo) {
        this.mongo = mongo;
    }

    /**
     * Every room (or only {@code roomId}, when given), newest first, with its number of stored messages; never a
     * password hash. Only a single room comes with its members: the list of every room does not need them.
     */
    Future<JsonObject> rooms(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject ofRooms = roomId == null ? new JsonObject() : new JsonObject().put("_id", roomId);
        JsonObject ofRoom = roomId == null ? new JsonObject() : new JsonObject().put("roomId", roomId);
        Future<Map<String, Long>> counts = messageCounts(ofRoom);
        Future<List<Object>> members = roomId == null ? Future.succeededFuture(List.of())
            : mongo.find(MEMBERS, ofRoom).map(found -> found.stream().map(Overview::member).toList());
        Future<List<JsonObject>> rooms = mongo.findWithOptions(ROOMS, ofRooms, new FindOptions().setSort(new JsonObject().put("createdAt", -1)));
        return Future.all(counts, members, rooms).map(all -> new JsonObject().put("rooms", new JsonArray(rooms.result().stream().map(room -> {
            String id = room.getString("_id");
            JsonObject overview = Documents.withId(room)
                .put("private", room.getString("passwordHash") != null)
                .put("messageCount", counts.result().getOrDefault(id, 0L));
            overview.remove("passwordHash");
            if (roomId != null) {
                overview.put("members", new JsonArray(members.result()));
            }
            return (Object) overview;
        }).toList())));
    }

    private static Object member(JsonObject stored) {
        return new JsonObject()
            .put("id", Presence.userId(stored))
            .put("colour", stored.getString("colour"))
            .put("joinedAt", stored.getLong("joinedAt"))
            .put("address", stored.getString("address"))
            .put("conns", stored.getJsonArray("conns"));
    }

    /** Live nodes, connections per node, rooms and stored messages. */
    Future<JsonObject> stats(JsonObject request) {
        Future<List<JsonObject>> nodes = mongo.find(NODES, new JsonObject());
        Future<List<JsonObject>> members = mongo.findWithOptions(MEMBERS, new JsonObject(),
            Documents.fields(new JsonObject().put("conns", 1)));
        Future<Long> rooms = mongo.count(ROOMS, new JsonObject());
        // a removed room's fence (Rooms) has no roomId and is no message
        Future<Long> messages = mongo.count(MESSAGES, new JsonObject().put("roomId", new JsonObject().put("$gt", "")));
        return Future.all(nodes, members, rooms, messages).map(all -> {
            JsonObject connections = new JsonObject();
            nodes.result().forEach(node -> connections.put(node.getString("_id"), 0));
            members.result().stream()
                .flatMap(member -> member.getJsonArray("conns").stream().map(JsonObject.class::cast))
                .forEach(conn -> connections.put(conn.getString("node"), connections.getInteger(conn.getString("node"), 0) + 1));
            return new JsonObject()
                .put("nodes", nodes.result().size())
                .put("connectionsPerNode", connections)
                .put("rooms", rooms.result())
                .put("messages", messages.result());
        });
    }

    private Future<Map<String, Long>> messageCounts(JsonObject ofMessages) {
        JsonArray perRoom = new JsonArray()
            .add(new JsonObject().put("$match", ofMessages))
            .add(new JsonObject().put("$group", new JsonObject()
                .put("_id", "$roomId").put("count", new JsonObject().put("$sum", 1))));
        return mongo.aggregate(MESSAGES, perRoom)
            .collect(Collectors.toMap(group -> group.getString("_id"), group -> group.getLong("count")));
    }
}
