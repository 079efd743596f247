package com.gifchat.http;

import com.gifchat.identity.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;

/**
 * What the browser session remembers of a person: their anonymous identity, the private rooms they gave the right
 * password for (or created), and a one-shot notice for the next page.
 */
final class Visitor {

    private static final String USER_ID = "uid";
    private static final String ADMITTED = "admitted";
    private static final String FLASH = "flash";
    /** Enough for any person's evening; keeps the session small. */
    private static final int MAX_ADMITTED_ROOMS = 100;

    private final Session session;

    private Visitor(Session session) {
        this.session = session;
    }

    static Visitor of(RoutingContext rc) {
        return new Visitor(rc.session());
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
    }

    void flash(String notice) {
        session.put(FLASH, notice);
    }

    String takeFlash() {
        return session.remove(FLASH);
    }
}
