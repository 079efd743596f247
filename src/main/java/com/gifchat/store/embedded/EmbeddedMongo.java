package com.gifchat.store.embedded;

import com.gifchat.config.Setting;
import com.gifchat.config.StartFailure;
import de.bwaldvogel.mongo.MongoBackend;
import io.vertx.core.json.JsonObject;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process MongoDB-wire server on loopback, so the app needs no database installed. The store talks to it
 * through the normal driver over TCP, exactly as it would to a real MongoDB. A file store that H2 closes is reopened
 * from its file ({@link ReopeningBackend}). Its methods block: call them off the event loop.
 */
public final class EmbeddedMongo {

    static final String STORE_FILE = "gifchat.mv";
    private static final String LOOPBACK = "127.0.0.1";

    private final MongoServer server;
    private final String description;
    /** The file store, or null in memory. */
    private final ReopeningBackend file;

    private EmbeddedMongo(MongoBackend backend, String description, ReopeningBackend file) {
        this.server = new MongoServer(backend);
        this.description = description;
        this.file = file;
    }

    public static EmbeddedMongo inMemory() {
        return new EmbeddedMongo(new MemoryBackend(), "memory", null);
    }

    public static EmbeddedMongo inFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir.toAbsolutePath(), e);
        }
        String file = dataDir.resolve(STORE_FILE).toAbsolutePath().toString();
        ReopeningBackend backend = new ReopeningBackend(file);
        return new EmbeddedMongo(backend, file, backend);
    }

    /** The file store under data.dir, or memory, as configured. */
    public static EmbeddedMongo fromConfig(JsonObject config) {
        return Setting.STORAGE_MEMORY.equals(Setting.EMBEDDED_STORAGE.textIn(config))
            ? inMemory()
            : inFile(Path.of(Setting.DATA_DIR.textIn(config)));
    }

    /** Listens on loopback only; port 0 picks a free one. Returns the connection string. */
    public String start(int port) {
        server.bind(LOOPBACK, port);
        return server.getConnectionString();
    }

    /** Starts on embedded.port; a port in use is reported as the setting to change. Returns the connection string. */
    public String startOnConfiguredPort(JsonObject config) {
        int port = Setting.EMBEDDED_PORT.intIn(config);
        try {
            return start(port);
        } catch (RuntimeException e) {
            if (StartFailure.ifPortInUse(e, Setting.EMBEDDED_PORT, port) instanceof StartFailure inUse) {
                throw inUse;
            }
            throw e;
        }
    }

    public String description() {
        return description;
    }

    /** How many times H2 closed the file store and it was reopened. */
    public int reopenings() {
        return file == null ? 0 : file.reopenings();
    }

    /** The file store's backend serving now; for tests that break it. */
    CommittingH2Backend fileBackend() {
        return file.current();
    }

    /** Closes the clients, the server and then the backend, which flushes and closes the H2 file. */
    public void stop() {
        server.shutdownNow();
    }
}
