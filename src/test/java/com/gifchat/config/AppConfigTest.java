package com.gifchat.config;

import com.gifchat.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The configuration: packaged defaults, overrides, and a clear refusal of bad values before anything starts. */
@ExtendWith(VertxExtension.class)
class AppConfigTest {

    private static JsonObject load(Vertx vertx, JsonObject launcherConfig) throws Exception {
        return AppConfig.load(vertx, launcherConfig).await(10, TimeUnit.SECONDS);
    }

    private static String failureOf(Vertx vertx, JsonObject launcherConfig) {
        Exception error = assertThrows(Exception.class, () -> load(vertx, launcherConfig));
        return error.getMessage();
    }

    @Test
    void everySettingHasADefaultInConfigJson(Vertx vertx) throws Exception {
        JsonObject config = load(vertx, new JsonObject());

        for (Setting setting : Setting.values()) {
            assertTrue(config.containsKey(setting.key()), setting.key());
        }
        assertEquals(8080, Setting.HTTP_PORT.intIn(config));
        assertEquals("", Setting.MONGO_CONNECTION_STRING.textIn(config));
    }

    @Test
    void launcherConfigOverridesTheFile(Vertx vertx) throws Exception {
        JsonObject config = load(vertx, new JsonObject().put("http.port", 9999).put("data.dir", "/tmp/elsewhere"));

        assertEquals(9999, Setting.HTTP_PORT.intIn(config));
        assertEquals("/tmp/elsewhere", Setting.DATA_DIR.textIn(config));
    }

    @Test
    void environmentVariablesOverrideByTheirOwnNames() {
        JsonObject merged = new JsonObject()
            .put("http.port", 8080).put("HTTP_PORT", "9090")
            .put("MONGO_URI", "mongodb://db.example:27017")
            .put("DATA_DIR", "/var/lib/gifchat");
        for (Setting setting : Setting.values()) {
            merged.put(setting.key(), merged.getValue(setting.key(), defaultFor(setting)));
        }

        JsonObject config = AppConfig.validated(merged).result();

        assertEquals(9090, Setting.HTTP_PORT.intIn(config));
        assertEquals("mongodb://db.example:27017", Setting.MONGO_CONNECTION_STRING.textIn(config));
        assertEquals("/var/lib/gifchat", Setting.DATA_DIR.textIn(config));
    }

    private static Object defaultFor(Setting setting) {
        return switch (setting) {
            case HTTP_HOST, MONGO_DB_NAME, DATA_DIR, ADMIN_HOST -> "x";
            case MONGO_CONNECTION_STRING, REALTIME_PUBLIC_URL, SECURITY_SECRET, ADMIN_TOKEN, SECURITY_TRUSTED_PROXIES,
                 REALTIME_ALLOWED_ORIGINS, HTTP_ALLOWED_ORIGINS -> "";
            case HTTP_SECURE_COOKIES -> false;
            case LIMITS_CHAT_SENDS, LIMITS_REGISTRATIONS, LIMITS_SOCKETS, LIMITS_UPLOADS, LIMITS_ROOMS_PER_PERSON,
                 LIMITS_ROOMS_PER_ADDRESS, LIMITS_PASSWORDS_PER_ADDRESS, LIMITS_PASSWORDS_PER_ROOM -> "off";
            case EMBEDDED_STORAGE -> "memory";
            case MODE -> "app";
            case ROOMS_DEFAULT_CAPACITY -> 10;
            case PRESENCE_NODE_TIMEOUT_MS, REALTIME_LEAVE_DELAY_MS -> 1000;
            default -> 100;
        };
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyTheVariableAndWhatIsExpected(Vertx vertx) {
        String message = failureOf(vertx, new JsonObject().put("http.port", "eighty"));

        assertTrue(message.contains("http.port (env HTTP_PORT) must be an integer from 0 to 65535, got \"eighty\""), message);
    }

    @Test
    void gatewayInstancesAreZeroForOnePerCoreOrACountButNeverNegative(Vertx vertx) throws Exception {
        assertEquals(0, Setting.REALTIME_INSTANCES.intIn(load(vertx, new JsonObject())));
        assertEquals(3, Setting.REALTIME_INSTANCES.intIn(load(vertx, new JsonObject().put("realtime.instances", 3))));

        String message = failureOf(vertx, new JsonObject().put("realtime.instances", -1));

        assertTrue(message.contains("realtime.instances (env REALTIME_INSTANCES) must be an integer of 0 or more"), message);
    }

    @Test
    void rateLimitsAndTrustedProxiesAreCheckedAtStart(Vertx vertx) throws Exception {
        JsonObject config = load(vertx, new JsonObject().put("limits.uploadsPerPerson", "3/1m, 50/1d")
            .put("security.trustedProxies", "10.0.0.0/8, ::1"));
        assertEquals("3/1m, 50/1d", Setting.LIMITS_UPLOADS.textIn(config));

        String message = failureOf(vertx, new JsonObject().put("limits.uploadsPerPerson", "lots")
            .put("security.trustedProxies", "proxy.example.com"));

        assertTrue(message.contains("limits.uploadsPerPerson (env LIMITS_UPLOADS_PER_PERSON) must be \"off\" or rates like"), message);
        assertTrue(message.contains("security.trustedProxies (env TRUSTED_PROXIES) must be empty, or a comma-separated list"), message);
    }

    @Test
    void allowedOriginsAreOriginsWithNothingAfterThem(Vertx vertx) throws Exception {
        String origins = "https://chat.example.com, http://localhost:8080";
        assertEquals(origins, Setting.REALTIME_ALLOWED_ORIGINS.textIn(load(vertx, new JsonObject().put("realtime.allowedOrigins", origins))));

        for (String bad : new String[]{"chat.example.com", "https://chat.example.com/room", "ftp://chat.example.com", "*"}) {
            String message = failureOf(vertx, new JsonObject().put("realtime.allowedOrigins", "https://ok.example, " + bad));

            assertTrue(message.contains("realtime.allowedOrigins (env REALTIME_ALLOWED_ORIGINS) must be empty, or a comma-separated list of origins"), message);
        }
    }

    @Test
    void secureCookiesAreAFlagAndAllowedOriginsAListOfOrigins(Vertx vertx) throws Exception {
        JsonObject defaults = load(vertx, new JsonObject());
        assertFalse(Setting.HTTP_SECURE_COOKIES.flagIn(defaults));
        assertEquals("", Setting.HTTP_ALLOWED_ORIGINS.textIn(defaults));
        assertEquals(Boolean.TRUE, Setting.HTTP_SECURE_COOKIES.fromEnv(" TRUE "));
        assertEquals(Boolean.FALSE, Setting.HTTP_SECURE_COOKIES.fromEnv("false"));
        JsonObject config = load(vertx, new JsonObject().put("http.secureCookies", true)
            .put("http.allowedOrigins", "https://chat.example.com, http://10.0.0.5:8080/"));
        assertTrue(Setting.HTTP_SECURE_COOKIES.flagIn(config));

        String message = failureOf(vertx, new JsonObject().put("http.secureCookies", "yes")
            .put("http.allowedOrigins", "chat.example.com"));

        assertTrue(message.contains("http.secureCookies (env HTTP_SECURE_COOKIES) must be true or false, got \"yes\""), message);
        assertTrue(message.contains("http.allowedOrigins (env HTTP_ALLOWED_ORIGINS) must be empty, or a comma-separated "
            + "list of origins"), message);
        for (String notAnOrigin : new String[]{"https://chat.example.com/path", "ftp://files.example.com", "null",
            "https://user@chat.example.com"}) {
            String refusal = failureOf(vertx, new JsonObject().put("http.allowedOrigins", notAnOrigin));
            assertTrue(refusal.contains("http.allowedOrigins"), notAnOrigin);
        }
    }

    @Test
    void severalProblemsAreReportedTogether(Vertx vertx) {
        String message = failureOf(vertx, new JsonObject().put("rooms.maxCapacity", 0).put("embedded.storage", "tape"));

        assertTrue(message.contains("rooms.maxCapacity"), message);
        assertTrue(message.contains("embedded.storage"), message);
    }

    @Test
    void aDefaultCapacityAboveTheMaximumIsRefused(Vertx vertx) {
        String message = failureOf(vertx, new JsonObject().put("rooms.defaultCapacity", 50).put("rooms.maxCapacity", 20));

        assertTrue(message.contains("rooms.defaultCapacity"), message);
    }

    @Test
    void theAppRefusesToStartOnABadConfiguration(Vertx vertx) {
        Exception error = assertThrows(Exception.class, () -> vertx.deployVerticle(new MainVerticle(),
            new DeploymentOptions().setConfig(new JsonObject().put("realtime.port", -1))).await(10, TimeUnit.SECONDS));

        assertTrue(error.getMessage().contains("realtime.port"), error.getMessage());
    }
}
