package com.gifchat.identity;

import com.gifchat.bus.Addresses;
import com.gifchat.bus.Bus;
import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission tickets: the HTTP side issues one when it lets a person into a room, and the realtime gateway checks it
 * when their socket subscribes to the room. A ticket is a JWT (HS256) naming the room, the person and an expiry,
 * signed with the shared secret, so any node of a cluster can check a ticket any other node issued, and a restarted
 * node can check the tickets open pages still hold.
 */
public final class Tickets {

    private static final Logger log = LoggerFactory.getLogger(Tickets.class);
    private static final String ALGORITHM = "HS256";
    /**
     * Without "iat": the library refuses a ticket issued in its future, so a node whose clock is a second behind the
     * issuer's would refuse fresh tickets. The expiry is set by {@link #issue} from the caller's clock.
     */
    private static final JWTOptions SIGNING = new JWTOptions().setAlgorithm(ALGORITHM).setNoTimestamp(true);
    private static final long ASK_AGAIN_MS = 100;

    private final Vertx vertx;
    private final long ttlMs;
    private final Promise<Void> keyed = Promise.promise();
    private JWTAuth auth;

    public Tickets(Vertx vertx, String secret, long ttlMs) {
        this(vertx, ttlMs);
        this.auth = authOf(secret);
        keyed.complete();
    }

    private Tickets(Vertx vertx, long ttlMs) {
        this.vertx = vertx;
        this.ttlMs = ttlMs;
    }

    /**
     * Tickets signed with {@code security.secret}; without one, with the secret the store keeps for the whole
     * deployment (generated once), asked for until the database answers. Until then nothing is admitted.
     */
    public static Tickets of(Vertx vertx, JsonObject config) {
        long ttlMs = Setting.SECURITY_TICKET_TTL_MS.intIn(config);
        String configured = Setting.SECURITY_SECRET.textIn(config);
        if (!configured.isBlank()) {
            return new Tickets(vertx, configured, ttlMs);
        }
        Tickets tickets = new Tickets(vertx, ttlMs);
        tickets.askStore();
        return tickets;
    }

    private void askStore() {
        Bus.requestLocally(vertx.eventBus(), Addresses.STORE_TICKET_SECRET, new JsonObject())
            .onSuccess(reply -> {
                auth = authOf(reply.getString("secret"));
                keyed.complete();
            })
            .onFailure(error -> {
                log.debug("no ticket secret yet: {}", error.getMessage());
                vertx.setTimer(ASK_AGAIN_MS, id -> askStore());
            });
    }

    private JWTAuth authOf(String secret) {
        return JWTAuth.create(vertx, new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret)));
    }

    /** Completes once tickets can be issued and checked: at once with a configured secret. */
    public Future<Void> ready() {
        return keyed.future();
    }

    /** Only once {@link #ready()}. */
    public String issue(String roomId, Identity person, long now) {
        JsonObject claims = new JsonObject()
            .put("room", roomId)
            .put("user", person.toJson())
            // JWT times are whole seconds: rounded up, so no ticket lives shorter than the setting says
            .put("exp", (now + ttlMs + 999) / 1000);
        return auth.generateToken(claims, SIGNING);
    }

    /**
     * The person a valid, unexpired ticket for {@code roomId} admits; a failed future for anything else (a forged or
     * altered signature, another algorithm, an expired ticket, another room, garbage).
     */
    public Future<Identity> check(String ticket, String roomId) {
        if (ticket == null || ticket.isEmpty() || auth == null) {
            return Future.failedFuture("no ticket");
        }
        return auth.authenticate(new TokenCredentials(ticket)).compose(user -> {
            JsonObject claims = user.principal();
            if (!roomId.equals(claims.getValue("room")) || !(claims.getValue("user") instanceof JsonObject person)) {
                return Future.failedFuture("a ticket for another room");
            }
            return Future.succeededFuture(Identity.fromJson(person));
        });
    }
}
