package com.gifchat.config;

import com.gifchat.http.AllowedOrigins;
import com.gifchat.limits.Rates;
import com.gifchat.limits.TrustedProxies;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, the environment variable that overrides it, and what a valid value looks like.
 * Defaults live in conf/config.json, not here.
 */
public enum Setting {
    MODE("mode", "GIFCHAT_MODE", Kind.MODE),
    HTTP_HOST("http.host", "HTTP_HOST", Kind.TEXT),
    HTTP_PORT("http.port", "HTTP_PORT", Kind.PORT),
    HTTP_BODY_LIMIT_BYTES("http.bodyLimitBytes", "HTTP_BODY_LIMIT_BYTES", Kind.POSITIVE),
    HTTP_SECURE_COOKIES("http.secureCookies", "HTTP_SECURE_COOKIES", Kind.FLAG),
    HTTP_ALLOWED_ORIGINS("http.allowedOrigins", "HTTP_ALLOWED_ORIGINS", Kind.ORIGINS),
    REALTIME_PORT("realtime.port", "REALTIME_PORT", Kind.PORT),
    REALTIME_PUBLIC_URL("realtime.publicUrl", "REALTIME_PUBLIC_URL", Kind.OPTIONAL_TEXT),
    REALTIME_MAX_FRAME_BYTES("realtime.maxFrameBytes", "REALTIME_MAX_FRAME_BYTES", Kind.POSITIVE),
    REALTIME_WS_HEARTBEAT_MS("realtime.wsHeartbeatMs", "REALTIME_WS_HEARTBEAT_MS", Kind.POSITIVE),
    REALTIME_LEAVE_DELAY_MS("realtime.leaveDelayMs", "REALTIME_LEAVE_DELAY_MS", Kind.NON_NEGATIVE),
    REALTIME_INSTANCES("realtime.instances", "REALTIME_INSTANCES", Kind.NON_NEGATIVE),
    REALTIME_ALLOWED_ORIGINS("realtime.allowedOrigins", "REALTIME_ALLOWED_ORIGINS", Kind.ORIGINS),
    REALTIME_WS_IDLE_TIMEOUT_MS("realtime.wsIdleTimeoutMs", "REALTIME_WS_IDLE_TIMEOUT_MS", Kind.POSITIVE),
    REALTIME_BRIDGE_PING_TIMEOUT_MS("realtime.bridgePingTimeoutMs", "REALTIME_BRIDGE_PING_TIMEOUT_MS", Kind.POSITIVE),
    REALTIME_MAX_BAD_FRAMES("realtime.maxBadFrames", "REALTIME_MAX_BAD_FRAMES", Kind.POSITIVE),
    REALTIME_BAD_FRAME_WINDOW_MS("realtime.badFrameWindowMs", "REALTIME_BAD_FRAME_WINDOW_MS", Kind.POSITIVE),
    REALTIME_MAX_ROOMS_PER_SOCKET("realtime.maxRoomsPerSocket", "REALTIME_MAX_ROOMS_PER_SOCKET", Kind.POSITIVE),
    REALTIME_MAX_QUEUED_BYTES("realtime.maxQueuedBytes", "REALTIME_MAX_QUEUED_BYTES", Kind.POSITIVE),
    REALTIME_MAX_QUEUED_BYTES_PER_NODE("realtime.maxQueuedBytesPerNode", "REALTIME_MAX_QUEUED_BYTES_PER_NODE", Kind.POSITIVE),
    REALTIME_MAX_DELIVERY_LAG_MS("realtime.maxDeliveryLagMs", "REALTIME_MAX_DELIVERY_LAG_MS", Kind.POSITIVE),
    MONGO_CONNECTION_STRING("mongo.connection_string", "MONGO_URI", Kind.OPTIONAL_TEXT),
    MONGO_DB_NAME("mongo.db_name", "MONGO_DB", Kind.TEXT),
    MONGO_TIMEOUT_MS("mongo.timeoutMs", "MONGO_TIMEOUT_MS", Kind.POSITIVE),
    MONGO_CHECK_INTERVAL_MS("mongo.checkIntervalMs", "MONGO_CHECK_INTERVAL_MS", Kind.POSITIVE),
    DATA_DIR("data.dir", "DATA_DIR", Kind.TEXT),
    EMBEDDED_STORAGE("embedded.storage", "EMBEDDED_STORAGE", Kind.STORAGE),
    EMBEDDED_PORT("embedded.port", "EMBEDDED_PORT", Kind.PORT),
    ROOMS_DEFAULT_CAPACITY("rooms.defaultCapacity", "ROOMS_DEFAULT_CAPACITY", Kind.POSITIVE),
    ROOMS_MAX_CAPACITY("rooms.maxCapacity", "ROOMS_MAX_CAPACITY", Kind.POSITIVE),
    ROOMS_EMPTY_GRACE_MS("rooms.emptyGraceMs", "ROOMS_EMPTY_GRACE_MS", Kind.POSITIVE),
    PRESENCE_HEARTBEAT_MS("presence.heartbeatMs", "PRESENCE_HEARTBEAT_MS", Kind.POSITIVE),
    PRESENCE_NODE_TIMEOUT_MS("presence.nodeTimeoutMs", "PRESENCE_NODE_TIMEOUT_MS", Kind.POSITIVE),
    PRESENCE_NOTICE_WINDOW_MS("presence.noticeWindowMs", "PRESENCE_NOTICE_WINDOW_MS", Kind.POSITIVE),
    SHUTDOWN_DRAIN_MS("shutdown.drainMs", "SHUTDOWN_DRAIN_MS", Kind.POSITIVE),
    ROOMS_REAP_INTERVAL_MS("rooms.reapIntervalMs", "ROOMS_REAP_INTERVAL_MS", Kind.POSITIVE),
    CHAT_MAX_TEXT_LENGTH("chat.maxTextLength", "CHAT_MAX_TEXT_LENGTH", Kind.POSITIVE),
    CHAT_TYPING_INTERVAL_MS("chat.typingIntervalMs", "CHAT_TYPING_INTERVAL_MS", Kind.POSITIVE),
    CHAT_MAX_QUEUED_MESSAGES("chat.maxQueuedMessages", "CHAT_MAX_QUEUED_MESSAGES", Kind.POSITIVE),
    CHAT_SLOW_MODE_MAX_SENDERS("chat.slowModeMaxSenders", "CHAT_SLOW_MODE_MAX_SENDERS", Kind.POSITIVE),
    CHAT_HISTORY_PAGE_SIZE("chat.historyPageSize", "CHAT_HISTORY_PAGE_SIZE", Kind.POSITIVE),
    CHAT_HISTORY_MAX_PAGE_SIZE("chat.historyMaxPageSize", "CHAT_HISTORY_MAX_PAGE_SIZE", Kind.POSITIVE),
    UPLOADS_MAX_BYTES("uploads.maxBytes", "UPLOADS_MAX_BYTES", Kind.POSITIVE),
    UPLOADS_MAX_PIXELS("uploads.maxPixels", "UPLOADS_MAX_PIXELS", Kind.POSITIVE),
    UPLOADS_MAX_FRAMES("uploads.maxFrames", "UPLOADS_MAX_FRAMES", Kind.POSITIVE),
    UPLOADS_MAX_JPEG_SCANS("uploads.maxJpegScans", "UPLOADS_MAX_JPEG_SCANS", Kind.POSITIVE),
    UPLOADS_CHECK_THREADS("uploads.checkThreads", "UPLOADS_CHECK_THREADS", Kind.POSITIVE),
    SECURITY_SECRET("security.secret", "GIFCHAT_SECRET", Kind.OPTIONAL_TEXT),
    ADMIN_HOST("admin.host", "ADMIN_HOST", Kind.TEXT),
    ADMIN_PORT("admin.port", "ADMIN_PORT", Kind.PORT),
    ADMIN_TOKEN("admin.token", "ADMIN_TOKEN", Kind.OPTIONAL_TEXT),
    ADMIN_MAX_FRAME_BYTES("admin.maxFrameBytes", "ADMIN_MAX_FRAME_BYTES", Kind.POSITIVE),
    ADMIN_MAX_CONNECTIONS("admin.maxConnections", "ADMIN_MAX_CONNECTIONS", Kind.POSITIVE),
    ADMIN_IDLE_TIMEOUT_MS("admin.idleTimeoutMs", "ADMIN_IDLE_TIMEOUT_MS", Kind.POSITIVE),
    ADMIN_MAX_REQUEST_TIMEOUT_MS("admin.maxRequestTimeoutMs", "ADMIN_MAX_REQUEST_TIMEOUT_MS", Kind.POSITIVE),
    ADMIN_TOKEN_FAILURE_DELAY_MS("admin.tokenFailureDelayMs", "ADMIN_TOKEN_FAILURE_DELAY_MS", Kind.POSITIVE),
    ADMIN_TOKEN_FAILURE_MAX_DELAY_MS("admin.tokenFailureMaxDelayMs", "ADMIN_TOKEN_FAILURE_MAX_DELAY_MS", Kind.POSITIVE),
    SECURITY_TICKET_TTL_MS("security.ticketTtlMs", "TICKET_TTL_MS", Kind.POSITIVE),
    SECURITY_TRUSTED_PROXIES("security.trustedProxies", "TRUSTED_PROXIES", Kind.ADDRESSES),
    ROOMS_PASSWORD_WORKERS("rooms.passwordWorkers", "ROOMS_PASSWORD_WORKERS", Kind.POSITIVE),
    ROOMS_PASSWORD_QUEUE("rooms.passwordQueue", "ROOMS_PASSWORD_QUEUE", Kind.NON_NEGATIVE),
    ROOMS_PASSWORD_HASH_ITERATIONS("rooms.passwordHashIterations", "ROOMS_PASSWORD_HASH_ITERATIONS", Kind.POSITIVE),
    ROOMS_LIST_PAGE_SIZE("rooms.listPageSize", "ROOMS_LIST_PAGE_SIZE", Kind.POSITIVE),
    ROOMS_LIST_UPDATE_MS("rooms.listUpdateMs", "ROOMS_LIST_UPDATE_MS", Kind.POSITIVE),
    ROOMS_LIST_UPDATE_MAX_ROOMS("rooms.listUpdateMaxRooms", "ROOMS_LIST_UPDATE_MAX_ROOMS", Kind.POSITIVE),
    ROOMS_MAX_PEOPLE_PER_ADDRESS("rooms.maxPeoplePerAddress", "ROOMS_MAX_PEOPLE_PER_ADDRESS", Kind.NON_NEGATIVE),
    LIMITS_CHAT_SENDS("limits.chatSendsPerPerson", "LIMITS_CHAT_SENDS_PER_PERSON", Kind.RATES),
    LIMITS_REGISTRATIONS("limits.registrationsPerConnection", "LIMITS_REGISTRATIONS_PER_CONNECTION", Kind.RATES),
    LIMITS_SOCKETS("limits.socketsPerAddress", "LIMITS_SOCKETS_PER_ADDRESS", Kind.RATES),
    LIMITS_UPLOADS("limits.uploadsPerPerson", "LIMITS_UPLOADS_PER_PERSON", Kind.RATES),
    LIMITS_ROOMS_PER_PERSON("limits.roomsPerPerson", "LIMITS_ROOMS_PER_PERSON", Kind.RATES),
    LIMITS_ROOMS_PER_ADDRESS("limits.roomsPerAddress", "LIMITS_ROOMS_PER_ADDRESS", Kind.RATES),
    LIMITS_PASSWORDS_PER_ADDRESS("limits.passwordGuessesPerAddress", "LIMITS_PASSWORD_GUESSES_PER_ADDRESS", Kind.RATES),
    LIMITS_PASSWORDS_PER_ROOM("limits.passwordGuessesPerRoom", "LIMITS_PASSWORD_GUESSES_PER_ROOM", Kind.RATES),
    LIMITS_LOCAL_BUCKETS("limits.localBuckets", "LIMITS_LOCAL_BUCKETS", Kind.POSITIVE),
    LIMITS_GUESS_REFUSAL_PAUSE_MS("limits.guessRefusalPauseMs", "LIMITS_GUESS_REFUSAL_PAUSE_MS", Kind.NON_NEGATIVE),
    LIMITS_HELD_REFUSALS("limits.heldRefusals", "LIMITS_HELD_REFUSALS", Kind.POSITIVE);

    /** What a process runs: the chat, or only the embedded database that several local chat nodes share. */
    public static final String MODE_APP = "app";
    public static final String MODE_DATABASE = "database";

    /** Embedded store kinds: an H2 file under data.dir, or memory (tests, throw-away demos). */
    public static final String STORAGE_FILE = "file";
    public static final String STORAGE_MEMORY = "memory";

    /** Folders under data.dir: uploads on their way to GridFS, and this node's copies of images it served. */
    public static final String UPLOADS_FOLDER = "uploads";
    public static final String IMAGE_CACHE_FOLDER = "image-cache";

    /** realtime.instances: one gateway instance per CPU core, each on its own event loop. */
    public static final int ONE_PER_CORE = 0;

    /** Not a setting a person writes: MainVerticle adds this node's id for the verticles it deploys. */
    public static final String NODE_ID = "node.id";

    private static final int MAX_PORT = 65535;

    enum Kind { TEXT, OPTIONAL_TEXT, PORT, POSITIVE, NON_NEGATIVE, STORAGE, MODE, RATES, ADDRESSES, FLAG, ORIGINS }

    private final String key;
    private final String env;
    private final Kind kind;

    Setting(String key, String env, Kind kind) {
        this.key = key;
        this.env = env;
        this.kind = kind;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public int intIn(JsonObject config) {
        return config.getInteger(key);
    }

    public String textIn(JsonObject config) {
        return config.getString(key, "");
    }

    public boolean flagIn(JsonObject config) {
        return config.getBoolean(key, false);
    }

    /** Why {@code value} is not acceptable for this setting, or empty when it is. */
    Optional<String> problemWith(Object value) {
        boolean valid = switch (kind) {
            case TEXT -> value instanceof String s && !s.isBlank();
            case OPTIONAL_TEXT -> value == null || value instanceof String;
            case PORT -> value instanceof Integer i && i >= 0 && i <= MAX_PORT;
            case POSITIVE -> value instanceof Integer i && i > 0;
            case NON_NEGATIVE -> value instanceof Integer i && i >= 0;
            case STORAGE -> List.of(STORAGE_FILE, STORAGE_MEMORY).contains(value);
            case MODE -> List.of(MODE_APP, MODE_DATABASE).contains(value);
            case RATES -> value instanceof String s && Rates.parse(s).isPresent();
            case ADDRESSES -> value instanceof String s && TrustedProxies.parse(s).isPresent();
            case FLAG -> value instanceof Boolean;
            case ORIGINS -> value instanceof String s && AllowedOrigins.parse(s).isPresent();
        };
        return valid ? Optional.empty()
            : Optional.of(key + " (env " + env + ") must be " + expected() + ", got " + (value == null ? "nothing" : "\"" + value + "\""));
    }

    /** What a valid value looks like, in words: for refusals and for --help. */
    public String expected() {
        return switch (kind) {
            case TEXT -> "a non-empty text";
            case OPTIONAL_TEXT -> "a text";
            case PORT -> "an integer from 0 to " + MAX_PORT;
            case POSITIVE -> "a positive integer";
            case NON_NEGATIVE -> "an integer of 0 or more";
            case STORAGE -> "\"" + STORAGE_FILE + "\" or \"" + STORAGE_MEMORY + "\"";
            case MODE -> "\"" + MODE_APP + "\" or \"" + MODE_DATABASE + "\"";
            case RATES -> Rates.EXPECTED;
            case ADDRESSES -> TrustedProxies.EXPECTED;
            case FLAG -> "true or false";
            case ORIGINS -> AllowedOrigins.EXPECTED;
        };
    }

    /** Environment values arrive as text; numeric settings take their integer value. */
    Object fromEnv(String raw) {
        if (kind == Kind.PORT || kind == Kind.POSITIVE || kind == Kind.NON_NEGATIVE) {
            try {
                return Integer.valueOf(raw.trim());
            } catch (NumberFormatException e) {
                return raw;
            }
        }
        if (kind == Kind.FLAG) {
            String flag = raw.trim().toLowerCase(Locale.ROOT);
            return flag.equals("true") ? Boolean.TRUE : flag.equals("false") ? Boolean.FALSE : raw;
        }
        return raw;
    }
}
