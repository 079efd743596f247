package com.gifchat.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The admin token check, and the brake on guessing it: each failure from a client address is answered after a delay
 * that doubles with every failure in a row from that address (from {@code firstDelayMs} up to {@code maxDelayMs}),
 * and answers to one address come one after another, however many connections it opens. A right token ends the
 * address's streak; so does a minute without failures. Runs on the bridge verticle's event loop.
 */
final class TokenGate {

    private final byte[] token;
    private final long firstDelayMs;
    private final long maxDelayMs;
    private final Map<String, Streak> streaks = new HashMap<>();

    private static final class Streak {
        int failures;
        long lastAnswerAt;
        boolean failedThisMinute;
    }

    TokenGate(String token, long firstDelayMs, long maxDelayMs) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.firstDelayMs = firstDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** Compared in constant time, so the answer's timing tells nothing about how much of a guess was right. */
    boolean accepts(Object given) {
        return given instanceof String text && MessageDigest.isEqual(token, text.getBytes(StandardCharsets.UTF_8));
    }

    void succeeded(String address) {
        streaks.remove(address);
    }

    /** Records a failure from {@code address} at {@code nowMs}; returns how long to wait before answering it. */
    long failed(String address, long nowMs) {
        String key = streaks.containsKey(address) || streaks.size() < RepeatedEvents.MAX_ADDRESSES ? address
            : RepeatedEvents.OTHER_ADDRESSES;
        Streak streak = streaks.computeIfAbsent(key, k -> new Streak());
        streak.failures++;
        streak.failedThisMinute = true;
        streak.lastAnswerAt = Math.max(nowMs, streak.lastAnswerAt) + delayAfter(streak.failures);
        return streak.lastAnswerAt - nowMs;
    }

    /** The delay for the {@code failures}-th failure in a row: doubling from the first delay, never above the cap. */
    long delayAfter(int failures) {
        long delay = firstDelayMs;
        for (int i = 1; i < failures && delay < maxDelayMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayMs);
    }

    /** Once a minute: an address with no failure in the last minute starts afresh. */
    void sweep(long nowMs) {
        streaks.values().removeIf(streak -> !streak.failedThisMinute && streak.lastAnswerAt <= nowMs);
        streaks.values().forEach(streak -> streak.failedThisMinute = false);
    }
}
