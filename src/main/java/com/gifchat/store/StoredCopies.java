package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.gifchat.store.StoreVerticle.MESSAGES;

/**
 * Which messages of a batch another writer stored already: a page that never heard whether its message was stored
 * sends it again with the same client id, and while a room's owner was frozen or cut off another node may have stored
 * that retry. Looked for among the room's messages from the first number the other writer took, by sender and client
 * id, with one query.
 */
final class StoredCopies {

    private final MongoClient mongo;

    StoredCopies(MongoClient mongo) {
        this.mongo = mongo;
    }

    /**
     * The stored copies among {@code messages} ({user, clientId?, …}, as a batch carries them), by their place in
     * that list; none without a query when no message has a client id.
     */
    Future<Map<Integer, JsonObject>> among(String roomId, long fromSeq, List<JsonObject> messages) {
        JsonArray clientIds = new JsonArray();
        JsonArray senders = new JsonArray();
        messages.stream().filter(message -> message.getString("clientId") != null).forEach(message -> {
            clientIds.add(message.getString("clientId"));
            senders.add(message.getJsonObject("user").getString("id"));
        });
        if (clientIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        // only the batch's own client ids: the room may have had many messages since this node last wrote in it
        JsonObject query = new JsonObject().put("roomId", roomId)
            .put("seq", new JsonObject().put("$gte", fromSeq))
            .put("cid", new JsonObject().put("$in", clientIds))
            .put("userId", new JsonObject().put("$in", senders));
        return mongo.find(MESSAGES, query).map(stored -> {
            Map<String, JsonObject> byKey = new HashMap<>();
            stored.forEach(other -> byKey.put(key(other.getString("userId"), other.getString("cid")), other));
            Map<Integer, JsonObject> copies = new HashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                JsonObject message = messages.get(i);
                JsonObject copy = byKey.get(key(message.getJsonObject("user").getString("id"), message.getString("clientId")));
                if (message.getString("clientId") != null && copy != null) {
                    copies.put(i, copy);
                }
            }
            return copies;
        });
    }

    private static String key(String userId, String clientId) {
        return userId + "/" + clientId;
    }
}
