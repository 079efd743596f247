package com.gifchat.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LogTextTest {

    @Test
    void lineBreaksCannotStartAForgedLine() {
        String forged = "admin.stats\n12:00:00.000 INFO  c.g.a.AdminVerticle - admin admin.rooms.close {} -> ok\r\u2028\u0085x";

        String safe = LogText.of(forged);

        assertEquals("admin.stats\\n12:00:00.000 INFO  c.g.a.AdminVerticle - admin admin.rooms.close {} -> ok\\r\\u2028\\u0085x", safe);
        assertTrue(safe.chars().noneMatch(c -> c == '\n' || c == '\r'));
    }

    @Test
    void invisibleAndControlCharactersBecomeVisible() {
        assertEquals("a\\u0000b\\u001bc\\u202ed\\u200be\\tf", LogText.of("a\u0000b\u001bc\u202ed\u200be\tf"));
        assertEquals("back\\\\n slash", LogText.of("back\\n slash"));
        assertEquals("\\ud800", LogText.of("\ud800"));
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        assertEquals("Grüße, 世界 😀 {\"roomId\":\"3f2a\"}", LogText.of("Grüße, 世界 😀 {\"roomId\":\"3f2a\"}"));
        assertEquals("null", LogText.of(null));
        assertEquals("42", LogText.of(42));
    }

    @Test
    void longTextIsCutAndSaysHowMuchWasLeftOut() {
        assertEquals("abc…(7 more)", LogText.of("abcdefghij", 3));
        assertEquals("😀😀…(1 more)", LogText.of("😀😀😀", 2));
        assertEquals("abc", LogText.of("abc", 3));
        assertTrue(LogText.of("x".repeat(100_000)).length() < LogText.DEFAULT_MAX_CHARS + 20);
    }
}
