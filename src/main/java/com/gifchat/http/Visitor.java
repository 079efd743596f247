package com.gifchat.http;

import com.gifchat.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;

import java.util.Optional;

/**
 * What the browser session remembers of a person: their anonymous identity, the private rooms they gave the right
 * password for (or created), and a one-shot notice for the next page. The session cookie is {@code __Host-} prefixed
 * when it is {@code Secure}, so that no other site (a sibling subdomain, say) can plant one.
 */
final class Visitor {

    private static final String USER_ID = "uid";
    private static final String ADMITTED = "admitted";
    private static final String FLASH = "flash";
    /** Enough for any person's evening; keeps the session small. */
    private static final int MAX_ADMITTED_ROOMS = 100;
    private static final String COOKIE = "gifchat.session";
    private static final String HOST_ONLY_PREFIX = "__Host-";

    private final Session session;

    private Visitor(Session session) {
        this.session = session;
    }

    /** The session cookie's name: a Secure cookie can be host-only, which browsers enforce for this prefix. */
    static String cookieName(boolean secure) {
        return secure ? HOST_ONLY_PREFIX + COOKIE : COOKIE;
    }

    static Visitor of(RoutingContext rc) {
        return new Visitor(rc.session());
    }

    /**
     * The visitor whose session this request's cookie names, read straight from the store: on routes before the
     * session handler, where no session is created, no cookie set and nothing written back. Empty without one.
     */
    static Future<Optional<Visitor>> peek(RoutingContext rc, SessionStore sessions, String cookieName) {
        Cookie cookie = rc.request().getCookie(cookieName);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return sessions.get(cookie.getValue()).map(session -> Optional.ofNullable(session).map(Visitor::new));
    }

    /** The person's id if their session has one; unlike {@link #identity()}, never makes one up. */
    Optional<String> knownId() {
        return Optional.ofNullable(session.get(USER_ID));
    }

    Identity identity() {
        String id = session.get(USER_ID);
        if (id == null) {
            Identity fresh = Identity.fresh();
            session.put(USER_ID, fresh.id());
            return fresh;
        }
        return Identity.of(id);
    }

    boolean admittedTo(String roomId) {
        JsonArray admitted = session.get(ADMITTED);
        return admitted != null && admitted.contains(roomId);
    }

    /**
     * Admits the session to a room (its password was given, or the person created it). This is a privilege, so the
     * session id changes with it: an id somebody knew before (one they planted in this browser) carries none.
     */
    void admit(String roomId) {
        JsonArray admitted = session.get(ADMITTED);
        JsonArray updated = admitted == null ? new JsonArray() : admitted.copy();
        if (!updated.contains(roomId)) {
            updated.add(roomId);
        }
        while (updated.size() > MAX_ADMITTED_ROOMS) {
            updated.remove(0);
        }
        session.put(ADMITTED, updated);
        session.regenerateId();
    }

    void flash(String notice) {
        session.put(FLASH, notice);
    }

    String takeFlash() {
        return session.remove(FLASH);
    }
}
