package com.gifchat.store;

import com.mongodb.ConnectionString;
import io.vertx.core.json.JsonObject;

/** What the store makes of the configured connection string before its clients use it. */
final class ConnectionStrings {

    /** The name of com.mongodb.WriteConcern.JOURNALED, as the client's writeConcern setting takes it. */
    private static final String JOURNALED = "JOURNALED";

    private ConnectionStrings() {
    }

    /**
     * Without these the driver waits 30 s to find a server or to connect to it; a connection string that sets its own
     * keeps them. A command already sent to a database that then stops is answered by {@link DatabaseHealth}.
     */
    static String withTimeouts(String connectionString, int timeoutMs) {
        ConnectionString parsed = new ConnectionString(connectionString);
        StringBuilder options = new StringBuilder();
        if (parsed.getServerSelectionTimeout() == null) {
            options.append("&serverSelectionTimeoutMS=").append(timeoutMs);
        }
        if (parsed.getConnectTimeout() == null) {
            options.append("&connectTimeoutMS=").append(timeoutMs);
        }
        if (options.isEmpty()) {
            return connectionString;
        }
        String separator = connectionString.contains("?") ? "&" : (connectionString.matches("mongodb(\\+srv)?://[^/]*") ? "/?" : "?");
        return connectionString + separator + options.substring(1);
    }

    static String hosts(String connectionString) {
        return String.join(",", new ConnectionString(connectionString).getHosts());
    }

    /** Acknowledged once journaled, unless the connection string chose its own write concern. */
    static JsonObject journaled(JsonObject settings, String connectionString) {
        return new ConnectionString(connectionString).getWriteConcern() == null
            ? settings.copy().put("writeConcern", JOURNALED)
            : settings;
    }
}
