package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.gifchat.store.StoreVerticle.MEMBERS;

/**
 * Which nodes are alive: each one records a heartbeat here. A connection whose node stopped beating belongs to a
 * process that is gone (killed, crashed, or this node before a restart), so it must leave its room. A heartbeat
 * document: {@code {_id: node, seenAt}}.
 */
final class Nodes {

    static final String NODES = "nodes";

    private final MongoClient mongo;

    Nodes(MongoClient mongo) {
        this.mongo = mongo;
    }

    /** Records that the node is alive; replies {known: false} when it had been forgotten (taken for dead, or new). */
    Future<JsonObject> beat(JsonObject request) {
        JsonObject seen = new JsonObject().put("$set", new JsonObject().put("seenAt", request.getLong("at")));
        return mongo.updateCollectionWithOptions(NODES, new JsonObject().put("_id", request.getString("node")), seen,
                new UpdateOptions().setUpsert(true))
            .map(result -> new JsonObject().put("known", result.getDocMatched() > 0));
    }

    /** A node stopping cleanly says goodbye, so that the next sweep treats its connections as gone at once. */
    Future<JsonObject> forget(JsonObject request) {
        return mongo.removeDocument(NODES, new JsonObject().put("_id", request.getString("node"))).map(new JsonObject());
    }

    /** Forgets nodes silent since {@code deadBefore}; replies with every connection not on a live node. */
    Future<JsonObject> sweep(JsonObject request) {
        JsonObject silent = new JsonObject().put("seenAt", new JsonObject().put("$lt", request.getLong("deadBefore")));
        return mongo.removeDocuments(NODES, silent)
            .compose(removed -> mongo.findWithOptions(NODES, new JsonObject(), Documents.fields(new JsonObject().put("_id", 1))))
            .map(live -> live.stream().map(node -> node.getString("_id")).collect(Collectors.toSet()))
            .compose(live -> mongo.find(MEMBERS, withConnectionOffNodes(live))
                .map(members -> new JsonObject().put("stale", staleConnections(members, live))));
    }

    /** Members with at least one connection on a node that is not in {@code liveNodes}. */
    private static JsonObject withConnectionOffNodes(Set<String> liveNodes) {
        return new JsonObject().put("conns", new JsonObject().put("$elemMatch",
            new JsonObject().put("node", new JsonObject().put("$nin", new JsonArray(List.copyOf(liveNodes))))));
    }

    private static JsonArray staleConnections(List<JsonObject> members, Set<String> liveNodes) {
        JsonArray stale = new JsonArray();
        for (JsonObject member : members) {
            member.getJsonArray("conns").stream().map(JsonObject.class::cast)
                .filter(conn -> !liveNodes.contains(conn.getString("node")))
                .forEach(conn -> stale.add(new JsonObject()
                    .put("roomId", member.getString("roomId"))
                    .put("user", new JsonObject().put("id", Presence.userId(member)).put("colour", member.getString("colour")))
                    .put("conn", conn.getString("id"))));
        }
        return stale;
    }
}
