package com.gifchat.rooms;

/**
 * Text a person typed for others to read (a room title, a message, an announcement), made safe to show: one line,
 * no control characters, and nothing that reorders the text around it. Whether anything visible is left is a
 * question of its own ({@link #isBlank}), since invisible characters alone make an empty-looking message.
 */
final class CleanText {

    private static final int ZERO_WIDTH_SPACE = 0x200B;
    private static final int WORD_JOINER = 0x2060;
    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private CleanText() {
    }

    /**
     * Line breaks and tabs become a space, a run of them one (nothing shows more than one line today); other C0 and
     * C1 controls, bidi embeddings, overrides and isolates, and halves of broken surrogate pairs go; then blanks at
     * either end.
     */
    static String clean(String raw) {
        StringBuilder kept = new StringBuilder(raw.length());
        boolean inBreak = false;
        for (int i = 0; i < raw.length(); i += Character.charCount(raw.codePointAt(i))) {
            int c = raw.codePointAt(i);
            if (isLineBreakOrTab(c)) {
                if (!inBreak) {
                    kept.append(' ');
                }
                inBreak = true;
            } else if (!isControl(c) && !isBidiControl(c) && Character.getType(c) != Character.SURROGATE) {
                kept.appendCodePoint(c);
                inBreak = false;
            }
        }
        return trimmed(kept.toString());
    }

    /** Nothing in it would show: only spaces of any kind, format characters (zero-widths, marks, BOM) and fillers. */
    static boolean isBlank(String text) {
        return text.codePoints().allMatch(CleanText::isInvisible);
    }

    private static String trimmed(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isEdgeBlank(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isEdgeBlank(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /**
     * Blanks trimmed from the ends. Not every invisible character: a variation selector or a tag character at the
     * end belongs to the emoji before it (a red heart, a flag).
     */
    private static boolean isEdgeBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
            || c == ZERO_WIDTH_SPACE || c == WORD_JOINER || c == BYTE_ORDER_MARK;
    }

    private static boolean isLineBreakOrTab(int c) {
        int type = Character.getType(c);
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085'
            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** C0 and C1 controls and DEL. */
    private static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL;
    }

    /** Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what follows them. */
    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.FORMAT || type == Character.CONTROL
            || isFiller(c);
    }

    /**
     * Letters and marks that draw nothing on their own: Hangul fillers, the Braille blank, the combining grapheme
     * joiner, variation selectors and Khmer's inherent vowels.
     */
    private static boolean isFiller(int c) {
        return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800 || c == 0x034F
            || c == 0x17B4 || c == 0x17B5 || c >= 0xFE00 && c <= 0xFE0F || c >= 0xE0100 && c <= 0xE01EF;
    }
}
