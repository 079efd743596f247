package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.gifchat.store.ImageFiles.FILES;
import static com.gifchat.store.ImageFiles.KEY;
import static com.gifchat.store.StoreVerticle.MESSAGES;

/**
 * Images stored before they had keys were known by their GridFS ids, which can be guessed. At start each gets a key,
 * and the messages showing it are pointed at the key. The GridFS id is noted beside the key until all messages are
 * done, so a crash midway leaves what the next start needs to finish.
 */
final class OlderImages {

    private static final Logger log = LoggerFactory.getLogger(OlderImages.class);
    private static final String FORMER_ID = "metadata.formerId";
    /** Old ids looked for per pass over the messages, which have no index on their image. */
    private static final int IDS_PER_PASS = 500;

    private final Vertx vertx;
    private final MongoClient mongo;
    private final Path cacheDir;

    OlderImages(Vertx vertx, MongoClient mongo, Path cacheDir) {
        this.vertx = vertx;
        this.mongo = mongo;
        this.cacheDir = cacheDir;
    }

    Future<Void> giveKeys() {
        JsonObject withoutKey = new JsonObject().put(KEY, new JsonObject().put("$exists", false));
        JsonObject notDone = new JsonObject().put(FORMER_ID, new JsonObject().put("$exists", true));
        return mongo.findWithOptions(FILES, withoutKey, StoreVerticle.fields(new JsonObject().put("_id", 1)))
            .compose(files -> Future.all(files.stream().map(this::giveKey).toList()))
            .compose(v -> mongo.findWithOptions(FILES, notDone, StoreVerticle.fields(new JsonObject().put(KEY, 1).put(FORMER_ID, 1))))
            .compose(files -> {
                if (files.isEmpty()) {
                    return Future.succeededFuture();
                }
                Map<String, String> keyOf = files.stream().map(file -> file.getJsonObject("metadata"))
                    .collect(Collectors.toMap(metadata -> metadata.getString("formerId"), metadata -> metadata.getString("key")));
                return repointMessages(keyOf)
                    .compose(v -> mongo.updateCollectionWithOptions(FILES, notDone,
                        new JsonObject().put("$unset", new JsonObject().put(FORMER_ID, "")), new UpdateOptions().setMulti(true)))
                    .onSuccess(v -> log.info("{} images stored before image keys existed are now known by a key", files.size()))
                    .mapEmpty();
            });
    }

    private Future<Void> giveKey(JsonObject file) {
        String gridFsId = ImageFiles.gridFsId(file);
        JsonObject stillWithoutKey = new JsonObject().put("_id", file.getValue("_id")).put(KEY, new JsonObject().put("$exists", false));
        JsonObject keyed = new JsonObject().put("$set", new JsonObject().put(KEY, ImageFiles.newKey()).put(FORMER_ID, gridFsId));
        return mongo.updateCollection(FILES, stillWithoutKey, keyed)
            // the copy this node cached under the old id would never be served again
            .compose(v -> vertx.fileSystem().delete(cacheDir.resolve(gridFsId).toString()).otherwiseEmpty());
    }

    /** One pass over the messages per batch of old ids, each pass after the last, then one update per message found. */
    private Future<Void> repointMessages(Map<String, String> keyOf) {
        List<String> formerIds = new ArrayList<>(keyOf.keySet());
        Future<Void> done = Future.succeededFuture();
        for (int from = 0; from < formerIds.size(); from += IDS_PER_PASS) {
            JsonArray batch = new JsonArray(formerIds.subList(from, Math.min(from + IDS_PER_PASS, formerIds.size())));
            JsonObject showingOne = new JsonObject().put("gif.id", new JsonObject().put("$in", batch));
            done = done.compose(v -> mongo.findWithOptions(MESSAGES, showingOne, StoreVerticle.fields(new JsonObject().put("gif", 1))))
                .compose(messages -> Future.all(messages.stream().map(message -> mongo.updateCollection(MESSAGES,
                    new JsonObject().put("_id", message.getValue("_id")),
                    new JsonObject().put("$set", new JsonObject().put("gif.id", keyOf.get(message.getJsonObject("gif").getString("id"))))))
                    .toList()))
                .mapEmpty();
        }
        return done;
    }
}
