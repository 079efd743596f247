package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static com.gifchat.store.ImageFiles.FILES;
import static com.gifchat.store.ImageFiles.KEY;
import static com.gifchat.store.StoreVerticle.MESSAGES;

/**
 * Images stored before they had keys were known by their GridFS ids, which can be guessed. At start each gets a key,
 * and the messages showing it are pointed at the key. The GridFS id is noted beside the key until its messages are
 * done, so a crash midway leaves what the next start needs to finish.
 */
final class OlderImages {

    private static final Logger log = LoggerFactory.getLogger(OlderImages.class);
    private static final String FORMER_ID = "metadata.formerId";

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
            .compose(files -> Future.all(files.stream().map(this::repointMessages).toList()).map(files.size()))
            .onSuccess(count -> {
                if (count > 0) {
                    log.info("{} images stored before image keys existed are now known by a key", count);
                }
            })
            .mapEmpty();
    }

    private Future<Void> giveKey(JsonObject file) {
        String gridFsId = ImageFiles.gridFsId(file);
        JsonObject stillWithoutKey = new JsonObject().put("_id", file.getValue("_id")).put(KEY, new JsonObject().put("$exists", false));
        JsonObject keyed = new JsonObject().put("$set", new JsonObject().put(KEY, ImageFiles.newKey()).put(FORMER_ID, gridFsId));
        return mongo.updateCollection(FILES, stillWithoutKey, keyed)
            // the copy this node cached under the old id would never be served again
            .compose(v -> vertx.fileSystem().delete(cacheDir.resolve(gridFsId).toString()).otherwiseEmpty());
    }

    private Future<Void> repointMessages(JsonObject file) {
        JsonObject metadata = file.getJsonObject("metadata");
        String formerId = metadata.getString("formerId");
        JsonObject showingIt = new JsonObject().put("gif.id", formerId);
        JsonObject toKey = new JsonObject().put("$set", new JsonObject().put("gif.id", metadata.getString("key")));
        JsonObject done = new JsonObject().put("$unset", new JsonObject().put(FORMER_ID, ""));
        return mongo.updateCollectionWithOptions(MESSAGES, showingIt, toKey, new UpdateOptions().setMulti(true))
            .compose(v -> mongo.updateCollection(FILES, new JsonObject().put("_id", file.getValue("_id")), done))
            .mapEmpty();
    }
}
