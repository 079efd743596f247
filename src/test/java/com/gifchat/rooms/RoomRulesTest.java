package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Titles and messages that look empty, or that could disguise or reorder what others see. */
class RoomRulesTest {

    private static final String ZERO_WIDTH_SPACE = "\u200B";
    private static final String ZERO_WIDTH_JOINER = "\u200D";
    private static final String NO_BREAK_SPACE = "\u00A0";
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String RIGHT_TO_LEFT_OVERRIDE = "\u202E";
    private static final String POP_DIRECTIONAL_ISOLATE = "\u2069";

    private final RoomRules rules = new RoomRules(10, 100, 20);

    private static <T> T accepted(Future<T> result) {
        assertTrue(result.succeeded(), () -> "refused: " + result.cause().getMessage());
        return result.result();
    }

    private static void assertRefused(Future<?> result, String message) {
        assertTrue(result.failed(), () -> "accepted: " + result.result());
        assertEquals(Failure.BAD_INPUT, Failure.of(result.cause()));
        assertEquals(message, result.cause().getMessage());
    }

    private Future<JsonObject> room(String title) {
        return rules.newRoom(new JsonObject().put("title", title));
    }

    @Test
    void aMessageOfInvisibleCharactersIsEmpty() {
        String[] blanks = {ZERO_WIDTH_SPACE + NO_BREAK_SPACE, BYTE_ORDER_MARK, ZERO_WIDTH_JOINER + "\u200C\u2060",
            "\u2007\u202F\u3000", "\u3164", "\u2800", "\u180E", "\u00AD", "\u0000\u0007", RIGHT_TO_LEFT_OVERRIDE + " ",
            "\n\r\t", "\u2028", "\uFE0F", "\uDB40\uDC20"};
        for (String blank : blanks) {
            assertRefused(rules.text(blank), "The message is empty.");
        }
    }

    @Test
    void aTitleOfInvisibleCharactersIsNoTitle() {
        assertRefused(room(ZERO_WIDTH_SPACE + NO_BREAK_SPACE + BYTE_ORDER_MARK), "Give the room a title.");
        assertRefused(room("\u202A\u202D" + POP_DIRECTIONAL_ISOLATE + "\u0085"), "Give the room a title.");
    }

    @Test
    void bidiControlsAreRemovedSoTheyCannotReorderWhatFollows() {
        String text = accepted(rules.text("invoice" + RIGHT_TO_LEFT_OVERRIDE + "fdp.exe" + "\u2066x\u2067y\u2068z" + POP_DIRECTIONAL_ISOLATE));

        assertEquals("invoicefdp.exexyz", text);
        assertEquals("Quiet room", accepted(room("\u202BQuiet\u202C room\u202E")).getString("title"));
    }

    @Test
    void controlCharactersGoAndLineBreaksBecomeSpaces() {
        assertEquals("a b c d e", accepted(rules.text("a\nb\r\nc\td\u2028e")));
        assertEquals("a b", accepted(rules.text("a\n\n\u0000\t\nb")));
        assertEquals("beep", accepted(rules.text("b\u0000e\u0007e\u001Bp\u007F\u009B")));
        assertEquals("Two lines", accepted(room("Two\nlines")).getString("title"));
    }

    @Test
    void invisibleCharactersAtTheEndsAreTrimmedButEmojiKeepTheirParts() {
        assertEquals("hello", accepted(rules.text(NO_BREAK_SPACE + ZERO_WIDTH_SPACE + " hello" + BYTE_ORDER_MARK + "\u3000")));
        String heart = "\u2764\uFE0F";
        String family = "\uD83D\uDC69" + ZERO_WIDTH_JOINER + "\uD83D\uDC67";
        String scotland = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
        assertEquals(heart, accepted(rules.text(heart)));
        assertEquals(family, accepted(rules.text(family)));
        assertEquals(scotland, accepted(rules.text(" " + scotland + " ")));
        assertEquals("عربي" + "\u200F" + " text", accepted(rules.text("عربي\u200F text")), "marks that only steer stay");
    }

    @Test
    void aBrokenSurrogateIsDropped() {
        assertEquals("ab", accepted(rules.text("a\uD800b")));
        assertRefused(rules.text("\uDC00"), "The message is empty.");
    }

    @Test
    void lengthIsCountedOnWhatIsKept() {
        assertEquals("x".repeat(20), accepted(rules.text("x".repeat(20) + RIGHT_TO_LEFT_OVERRIDE.repeat(5))));
        assertRefused(rules.text("x".repeat(21)), "A message can be at most 20 characters long.");
    }
}
