package com.gifchat.store;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.GridFsUploadOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import static com.gifchat.bus.Addresses.FILE_ID_PATTERN;

/**
 * Images in GridFS, so every node of a cluster can serve every image. An image is known outside the store only by a
 * random key kept in its metadata, never by its GridFS id, which is made of a time and a counter and so can be
 * guessed. To serve one, a node copies it once into its own cache folder and sends it from there; an image never
 * changes, so a copy never goes stale. A file's metadata: {@code key, roomId, contentType, width, height,
 * originalName, uploaderId}.
 */
final class ImageFiles {

    static final String FILES = "fs.files";
    static final String CHUNKS = "fs.chunks";
    static final String KEY = "metadata.key";
    /** Stored files are found by key, never by name; the client's name is only kept, cleaned, as metadata. */
    private static final String STORED_NAME = "image";
    private static final int KEY_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final MongoClient mongo;
    private final MongoGridFsClient gridFs;
    private final Path cacheDir;

    ImageFiles(Vertx vertx, MongoClient mongo, MongoGridFsClient gridFs, Path cacheDir) {
        this.vertx = vertx;
        this.mongo = mongo;
        this.gridFs = gridFs;
        this.cacheDir = cacheDir;
    }

    /** Unique, so a key names one image. Sparse as first created: MongoDB refuses other options for an existing index. */
    static Future<Void> createIndex(MongoClient mongo) {
        return mongo.createIndexWithOptions(FILES, new JsonObject().put(KEY, 1), new IndexOptions().unique(true).sparse(true));
    }

    static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Stores the uploaded file at {@code path}; replies with the new file's key as its id. */
    Future<JsonObject> put(JsonObject request) {
        String key = newKey();
        JsonObject metadata = new JsonObject()
            .put("key", key)
            .put("roomId", request.getString("roomId"))
            .put("contentType", request.getString("contentType"))
            .put("width", request.getInteger("width"))
            .put("height", request.getInteger("height"))
            .put("originalName", request.getString("originalName"))
            .put("uploaderId", request.getString("uploaderId"));
        return vertx.fileSystem().open(request.getString("path"), new OpenOptions().setRead(true).setWrite(false))
            .compose(file -> gridFs.uploadByFileNameWithOptions(file, STORED_NAME, new GridFsUploadOptions().setMetadata(metadata))
                .andThen(done -> file.close()))
            .map(id -> new JsonObject().put("fileId", key));
    }

    /**
     * Makes sure this node has the file in its cache; replies with that path, the file's type and length, and the
     * room it belongs to, which decides who may see it.
     */
    Future<JsonObject> fetch(JsonObject request) {
        String key = request.getString("fileId");
        if (key == null || !key.matches(FILE_ID_PATTERN)) {
            return noSuchFile();
        }
        return mongo.findOne(FILES, new JsonObject().put(KEY, key), new JsonObject().put("length", 1).put("metadata", 1))
            .compose(file -> file == null ? noSuchFile() : cached(key, gridFsId(file)).map(path -> new JsonObject()
                .put("path", path)
                .put("contentType", file.getJsonObject("metadata").getString("contentType"))
                .put("roomId", file.getJsonObject("metadata").getString("roomId"))
                .put("length", file.getLong("length"))));
    }

    Future<JsonObject> delete(JsonObject request) {
        String key = request.getString("fileId");
        return key == null ? Future.succeededFuture(new JsonObject()) : deleteWhere(new JsonObject().put(KEY, key)).map(new JsonObject());
    }

    /** Removes every image of a room, chunks included. */
    Future<Void> deleteRoomFiles(String roomId) {
        return deleteWhere(new JsonObject().put("metadata.roomId", roomId));
    }

    private Future<Void> deleteWhere(JsonObject query) {
        return mongo.findWithOptions(FILES, query, Documents.fields(new JsonObject().put(KEY, 1)))
            .compose(files -> Future.all(files.stream().map(this::deleteFile).toList()))
            .mapEmpty();
    }

    private Future<Void> deleteFile(JsonObject file) {
        String key = file.getJsonObject("metadata", new JsonObject()).getString("key");
        Future<Void> deleted = gridFs.delete(gridFsId(file));
        return key == null ? deleted
            : deleted.compose(v -> vertx.fileSystem().delete(cacheDir.resolve(key).toString()).otherwiseEmpty());
    }

    /** The driver hands ObjectIds back as {"$oid": hex}; GridFS calls take the hex. */
    static String gridFsId(JsonObject file) {
        return file.getJsonObject("_id").getString("$oid");
    }

    /** Downloads under a temporary name and then renames, so a half-written copy is never served. */
    private Future<String> cached(String key, String gridFsId) {
        FileSystem fs = vertx.fileSystem();
        String path = cacheDir.resolve(key).toString();
        return fs.exists(path).compose(present -> {
            if (present) {
                return Future.succeededFuture(path);
            }
            String partial = cacheDir.resolve(key + "." + UUID.randomUUID() + ".part").toString();
            return gridFs.downloadFileByID(gridFsId, partial)
                .compose(length -> fs.move(partial, path, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
                .map(path);
        });
    }

    private static Future<JsonObject> noSuchFile() {
        return Failure.NO_SUCH_FILE.future("There is no such image.");
    }
}
