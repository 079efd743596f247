package com.gifchat.identity;

import com.gifchat.bus.Addresses;
import com.gifchat.bus.Bus;
import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission tickets: the HTTP side issues one when it lets a person into a room, and the realtime gateway checks it
 * when their socket subscribes to the room. A ticket names the room, the person and an expiry, signed with the
 * shared secret, so any node of a cluster can check a ticket any other node issued, and a restarted node can check
 * the tickets open pages still hold.
 */
public final class Tickets {

    private static final Logger log = LoggerFactory.getLogger(Tickets.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final long ASK_AGAIN_MS = 100;

    private final long ttlMs;
    private final Promise<Void> keyed = Promise.promise();
    private SecretKeySpec key;

    public Tickets(String secret, long ttlMs) {
        this.ttlMs = ttlMs;
        this.key = keyOf(secret);
        keyed.complete();
    }

    private Tickets(long ttlMs) {
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
            return new Tickets(configured, ttlMs);
        }
        Tickets tickets = new Tickets(ttlMs);
        tickets.askStore(vertx);
        return tickets;
    }

    private void askStore(Vertx vertx) {
        Bus.requestLocally(vertx.eventBus(), Addresses.STORE_TICKET_SECRET, new JsonObject())
            .onSuccess(reply -> {
                key = keyOf(reply.getString("secret"));
                keyed.complete();
            })
            .onFailure(error -> {
                log.debug("no ticket secret yet: {}", error.getMessage());
                vertx.setTimer(ASK_AGAIN_MS, id -> askStore(vertx));
            });
    }

    private static SecretKeySpec keyOf(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
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
            .put("exp", now + ttlMs);
        String payload = ENCODER.encodeToString(claims.toBuffer().getBytes());
        return payload + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The person a valid, unexpired ticket for {@code roomId} admits; empty for anything else. */
    public Optional<Identity> check(String ticket, String roomId, long now) {
        if (ticket == null || key == null) {
            return Optional.empty();
        }
        int dot = ticket.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String payload = ticket.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(ticket.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                return Optional.empty();
            }
            JsonObject claims = new JsonObject(new String(DECODER.decode(payload), StandardCharsets.UTF_8));
            if (!roomId.equals(claims.getString("room")) || claims.getLong("exp") < now) {
                return Optional.empty();
            }
            return Optional.of(Identity.fromJson(claims.getJsonObject("user")));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
