package com.gifchat.identity;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Admission tickets: the HTTP side issues one when it lets a person into a room, and the realtime gateway checks it
 * when their socket subscribes to the room. A ticket names the room, the person and an expiry, signed with the
 * shared secret, so any node of a cluster can check a ticket any other node issued.
 */
public final class Tickets {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final long ttlMs;

    public Tickets(String secret, long ttlMs) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.ttlMs = ttlMs;
    }

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
        if (ticket == null) {
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
