package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.limits.RateLimited;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The words of the pages in the visitor's language: the one they picked (remembered in a cookie), else the first
 * of their browser's Accept-Language that we speak, else English. The catalogues are resource bundles,
 * {@code i18n/texts*.properties}; keys starting with {@code js.} also go to the pages' scripts.
 */
final class Words {

    static final String DEFAULT = "en";
    static final List<String> LANGUAGES = List.of(DEFAULT, "ko");
    static final String COOKIE = "gifchat.lang";
    private static final String SCRIPT_PREFIX = "js.";
    private static final long YEAR_S = 365L * 24 * 3600;
    private static final Map<String, Words> CATALOGUES = new HashMap<>();

    static {
        // read once, as the class loads (at start, from the jar): no page waits for a file
        for (String language : LANGUAGES) {
            CATALOGUES.put(language, new Words(language, ResourceBundle.getBundle("i18n.texts", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))));
        }
    }

    private final String language;
    private final Map<String, String> texts = new HashMap<>();
    private final JsonObject forScripts = new JsonObject();

    private Words(String language, ResourceBundle bundle) {
        this.language = language;
        for (String key : bundle.keySet()) {
            texts.put(key, bundle.getString(key));
            if (key.startsWith(SCRIPT_PREFIX)) {
                forScripts.put(key.substring(SCRIPT_PREFIX.length()), bundle.getString(key));
            }
        }
    }

    /** Loads the catalogues; called at start so that a missing bundle fails the start, not a page. */
    static void load() {
        CATALOGUES.size();
    }

    static Words in(String language) {
        return CATALOGUES.getOrDefault(language, CATALOGUES.get(DEFAULT));
    }

    /** The visitor's language: their own pick, else their browser's, else English. */
    static Words of(RoutingContext rc) {
        Cookie picked = rc.request().getCookie(COOKIE);
        if (picked != null && LANGUAGES.contains(picked.getValue())) {
            return in(picked.getValue());
        }
        for (LanguageHeader accepted : rc.acceptableLanguages()) {
            String tag = accepted.tag() == null ? "" : accepted.tag().toLowerCase(Locale.ROOT);
            if (LANGUAGES.contains(tag)) {
                return in(tag);
            }
        }
        return in(DEFAULT);
    }

    /** Remembers a language the visitor picked, for a year; not a secret, but only ours to read. */
    static Cookie remember(String language) {
        return Cookie.cookie(COOKIE, language).setPath("/").setMaxAge(YEAR_S).setHttpOnly(true).setSameSite(CookieSameSite.LAX);
    }

    String language() {
        return language;
    }

    String text(String key, Object... args) {
        String pattern = texts.getOrDefault(key, key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(language)).format(args);
    }

    /**
     * What a person reads about a failure, in their language. The server's own words are English and written for
     * people; in another language, the catalogue's words for each kind of refusal, with the wait of a rate limit. A
     * refusal of what they typed keeps the server's exact reason.
     */
    String failure(Throwable error) {
        Failure failure = Failure.of(error);
        String key = SCRIPT_PREFIX + "failure." + failure.code();
        if (DEFAULT.equals(language) || failure == Failure.BAD_INPUT || !texts.containsKey(key)) {
            return Failure.describe(error);
        }
        if (failure == Failure.RATE_LIMITED) {
            return error instanceof RateLimited limited ? text(key, waitOf(limited.retryAfterSeconds())) : Failure.describe(error);
        }
        return text(key);
    }

    /** A wait in the largest unit that keeps it a small number, as {@link RateLimited} words it. */
    private String waitOf(long seconds) {
        if (seconds < 120) {
            return text(SCRIPT_PREFIX + "unit.s", seconds);
        }
        if (seconds < 7200) {
            return text(SCRIPT_PREFIX + "unit.min", (seconds + 59) / 60);
        }
        return text(SCRIPT_PREFIX + "unit.h", (seconds + 3599) / 3600);
    }

    /** For templates: every text by key, the language, and the scripts' part as JSON. */
    JsonObject model() {
        return new JsonObject()
            .put("t", new JsonObject(new HashMap<>(texts)))
            .put("lang", language)
            .put("scriptTexts", forScripts.encode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"));
    }
}
