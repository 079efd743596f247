package com.gifchat;

import com.gifchat.config.Setting;
import com.mongodb.ConnectionString;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/** The line that says the chat is ready: where to open it, and what it runs on (its database, its cluster). */
final class ReadyLine {

    private static final List<String> ANY_ADDRESS = List.of("0.0.0.0", "::", "[::]");

    private ReadyLine() {
    }

    static String of(Vertx vertx, JsonObject config) {
        return "gif-chat ready: open " + url(config, Setting.HTTP_PORT) + " (realtime gateway "
            + url(config, Setting.REALTIME_PORT) + "); " + database(config) + cluster(vertx);
    }

    /** A browser cannot open 0.0.0.0: a server listening everywhere is opened on this machine as localhost. */
    private static String url(JsonObject config, Setting port) {
        String host = Setting.HTTP_HOST.textIn(config);
        host = ANY_ADDRESS.contains(host) ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + host + ":" + port.intIn(config) + "/";
    }

    private static String database(JsonObject config) {
        String uri = Setting.MONGO_CONNECTION_STRING.textIn(config);
        if (!uri.isBlank()) {
            // the hosts only: a connection string may carry a password
            return "MongoDB at " + String.join(",", new ConnectionString(uri).getHosts());
        }
        return Setting.STORAGE_MEMORY.equals(Setting.EMBEDDED_STORAGE.textIn(config))
            ? "embedded database in memory"
            : "embedded database, file under " + Path.of(Setting.DATA_DIR.textIn(config)).toAbsolutePath().normalize();
    }

    private static String cluster(Vertx vertx) {
        if (!vertx.isClustered()) {
            return "";
        }
        return "; cluster member of " + ((VertxInternal) vertx).clusterManager().getNodes().size();
    }
}
