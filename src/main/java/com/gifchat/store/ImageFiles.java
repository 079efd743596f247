package com.gifchat.store;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.GridFsUploadOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;

import java.nio.file.Path;
import java.util.UUID;

import static com.gifchat.bus.Addresses.FILE_ID_PATTERN;

/**
 * Images in GridFS, so every node of a cluster can serve every image. To serve one, a node copies it once into its
 * own cache folder and sends it from there; an image never changes, so a copy never goes stale.
 */
final class ImageFiles {

    static final String FILES = "fs.files";
    static final String CHUNKS = "fs.chunks";
    /** Stored files are found by id, never by name; the client's name is only kept, cleaned, as metadata. */
    private static final String STORED_NAME = "image";

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

    /** Stores the uploaded file at {@code path}; replies with the new file's id. */
    Future<JsonObject> put(JsonObject request) {
        JsonObject metadata = new JsonObject()
            .put("roomId", request.getString("roomId"))
            .put("contentType", request.getString("contentType"))
            .put("width", request.getInteger("width"))
            .put("height", request.getInteger("height"))
            .put("originalName", request.getString("originalName"))
            .put("uploaderId", request.getString("uploaderId"));
        return vertx.fileSystem().open(request.getString("path"), new OpenOptions().setRead(true).setWrite(false))
            .compose(file -> gridFs.uploadByFileNameWithOptions(file, STORED_NAME, new GridFsUploadOptions().setMetadata(metadata))
                .andThen(done -> file.close()))
            .map(id -> new JsonObject().put("fileId", id));
    }

    /** Makes sure this node has the file in its cache; replies with that path and the file's type and length. */
    Future<JsonObject> fetch(JsonObject request) {
        String id = request.getString("fileId");
        if (id == null || !id.matches(FILE_ID_PATTERN)) {
            return noSuchFile();
        }
        JsonObject byId = new JsonObject().put("_id", new JsonObject().put("$oid", id));
        return mongo.findOne(FILES, byId, new JsonObject().put("length", 1).put("metadata", 1))
            .compose(file -> file == null ? noSuchFile() : cached(id).map(path -> new JsonObject()
                .put("path", path)
                .put("contentType", file.getJsonObject("metadata").getString("contentType"))
                .put("length", file.getLong("length"))));
    }

    Future<JsonObject> delete(JsonObject request) {
        String id = request.getString("fileId");
        return deleteFile(id).map(new JsonObject());
    }

    /** Removes every image of a room, chunks included. */
    Future<Void> deleteRoomFiles(String roomId) {
        return gridFs.findIds(new JsonObject().put("metadata.roomId", roomId))
            .compose(ids -> Future.all(ids.stream().map(this::deleteFile).toList()))
            .mapEmpty();
    }

    private Future<Void> deleteFile(String id) {
        return gridFs.delete(id)
            .compose(v -> vertx.fileSystem().delete(cacheDir.resolve(id).toString()).otherwiseEmpty());
    }

    /** Downloads under a temporary name and then renames, so a half-written copy is never served. */
    private Future<String> cached(String id) {
        FileSystem fs = vertx.fileSystem();
        String path = cacheDir.resolve(id).toString();
        return fs.exists(path).compose(present -> {
            if (present) {
                return Future.succeededFuture(path);
            }
            String partial = cacheDir.resolve(id + "." + UUID.randomUUID() + ".part").toString();
            return gridFs.downloadFileByID(id, partial)
                .compose(length -> fs.move(partial, path, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
                .map(path);
        });
    }

    private static Future<JsonObject> noSuchFile() {
        return Failure.NO_SUCH_FILE.future("There is no such image.");
    }
}
