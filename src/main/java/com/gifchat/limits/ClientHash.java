package com.gifchat.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a client address ({@link TrustedProxies#clientOf}) that rooms keep with a member and bans name, so the
 * store counts places and holds bans per address without keeping the address itself. The pages and the gateway hash
 * alike, so a ban by address holds on both.
 */
public final class ClientHash {

    private static final int HASH_BYTES = 8;

    private ClientHash() {
    }

    public static String of(String client) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(client.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
