package com.gifchat.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Client text on its way to a log line: it stays on that line, reads as one value, and is short. */
class LogTextTest {

    @Test
    void aForgedLogLineStaysOnTheLineItWasWrittenOn() {
        String forged = "teleport\n23:59:59.999 INFO  c.g.a.AdminVerticle - admin admin.rooms.close -> ok\r";

        String escaped = LogText.escape(forged, 200);

        assertEquals("\"teleport\\n23:59:59.999 INFO  c.g.a.AdminVerticle - admin admin.rooms.close -> ok\\r\"", escaped);
        assertFalse(escaped.contains("\n") || escaped.contains("\r"));
    }

    @Test
    void controlInvisibleAndBidiCharactersAreSpelledOut() {
        assertEquals("\"a\\u0000b\\u001bc\\u202ed\\u2028e\\u200bf\\u2066g\"",
            LogText.escape("a\u0000b\u001bc\u202ed\u2028e\u200bf\u2066g"));
    }

    @Test
    void quotesAndBackslashesCannotEndTheValueEarly() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", LogText.escape("say \"hi\" \\ bye"));
    }

    @Test
    void longTextIsCutAndMarked() {
        String escaped = LogText.escape("x".repeat(10_000));

        assertEquals("\"" + "x".repeat(LogText.DEFAULT_MAX_CHARS) + "…\"", escaped);
    }

    @Test
    void aCutNeverSplitsACharacterAndLoneSurrogatesAreEscaped() {
        String emoji = "\uD83D\uDE00";

        assertEquals("\"ab…\"", LogText.escape("ab" + emoji, 3));
        assertEquals("\"" + emoji + "\"", LogText.escape(emoji, 10));
        assertEquals("\"\\ud83d!\"", LogText.escape("\uD83D!", 10));
    }

    @Test
    void anythingIsWrittenAsItsText() {
        assertEquals("\"42\"", LogText.escape(42));
        assertEquals("null", LogText.escape(null));
    }
}
