package com.gifchat.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import com.gifchat.rooms.RoomRules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the configuration: conf/config.json (the file on disk, or the packaged default when there is none), then
 * what the launcher was given with -conf, then environment variables; and refuses to start on a bad value.
 */
public final class AppConfig {

    public static final String CONFIG_FILE = "conf/config.json";
    /** How every refused configuration's message begins. */
    static final String INVALID = "invalid configuration: ";

    private AppConfig() {
    }

    public static Future<JsonObject> load(Vertx vertx, JsonObject launcherConfig) {
        ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", CONFIG_FILE)))
            .addStore(new ConfigStoreOptions().setType("json").setConfig(launcherConfig))
            .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject()
                .put("raw-data", true).put("keys", envNames()))));
        return retriever.getConfig()
            .eventually(retriever::close)
            .compose(AppConfig::validated);
    }

    /** Applies environment overrides to their dotted keys and checks every setting. */
    static Future<JsonObject> validated(JsonObject merged) {
        JsonObject config = new JsonObject();
        for (Setting setting : Setting.values()) {
            Object value = merged.containsKey(setting.env())
                ? setting.fromEnv(merged.getString(setting.env()))
                : merged.getValue(setting.key());
            config.put(setting.key(), value);
        }
        List<String> problems = Arrays.stream(Setting.values())
            .map(s -> s.problemWith(config.getValue(s.key())))
            .flatMap(Optional::stream)
            .toList();
        if (!problems.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException(INVALID + String.join("; ", problems)));
        }
        return crossChecked(config);
    }

    private static Future<JsonObject> crossChecked(JsonObject config) {
        if (Setting.MODE_DATABASE.equals(Setting.MODE.textIn(config)) && Setting.EMBEDDED_PORT.intIn(config) == 0) {
            return Future.failedFuture(new IllegalArgumentException(
                INVALID + "the database mode needs embedded.port (env EMBEDDED_PORT), the port chat nodes connect to"));
        }
        int defaultCapacity = Setting.ROOMS_DEFAULT_CAPACITY.intIn(config);
        int maxCapacity = Setting.ROOMS_MAX_CAPACITY.intIn(config);
        if (defaultCapacity < RoomRules.MIN_CAPACITY || defaultCapacity > maxCapacity) {
            return Future.failedFuture(new IllegalArgumentException(INVALID + "rooms.defaultCapacity must be from "
                + RoomRules.MIN_CAPACITY + " to rooms.maxCapacity (" + maxCapacity + "), got " + defaultCapacity));
        }
        if (Setting.PRESENCE_NODE_TIMEOUT_MS.intIn(config) < 2 * Setting.PRESENCE_HEARTBEAT_MS.intIn(config)) {
            return Future.failedFuture(new IllegalArgumentException(
                INVALID + "presence.nodeTimeoutMs must be at least twice presence.heartbeatMs"));
        }
        int historyPage = Setting.CHAT_HISTORY_PAGE_SIZE.intIn(config);
        if (historyPage > Setting.CHAT_HISTORY_MAX_PAGE_SIZE.intIn(config)) {
            return Future.failedFuture(new IllegalArgumentException(
                INVALID + "chat.historyPageSize must not exceed chat.historyMaxPageSize"));
        }
        return Future.succeededFuture(config);
    }

    private static JsonArray envNames() {
        return new JsonArray(Arrays.stream(Setting.values()).map(Setting::env).toList());
    }
}
