package com.gifchat.rooms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.ext.auth.prng.VertxContextPRNG;

import java.util.Map;

/** Room passwords, salted and hashed with PBKDF2 (vert.x auth-common); hashing runs on a worker, never the event loop. */
final class Passwords {

    private static final String ALGORITHM = "pbkdf2";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
    private static final String ITERATIONS = "210000";
    private static final int SALT_LENGTH = 32;

    private final Vertx vertx;
    private final HashingStrategy hashing = HashingStrategy.load();

    Passwords(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<String> hash(String password) {
        String salt = VertxContextPRNG.current(vertx).nextString(SALT_LENGTH);
        return vertx.executeBlocking(() -> hashing.hash(ALGORITHM, Map.of("it", ITERATIONS), salt, password), false);
    }

    Future<Boolean> matches(String hash, String password) {
        return vertx.executeBlocking(() -> hashing.verify(hash, password), false);
    }
}
