package com.gifchat.bus;

/**
 * Client-written text made safe for a log line: control, format and line-separator characters (line breaks, bidi
 * overrides, zero-width characters) and backslashes become visible escapes, so nothing a client writes can start a
 * new line, hide text or pass for an escape; and the text is cut to a bounded length, so no client fills the log.
 */
public final class LogText {

    /** Enough to recognise what was sent; the rest only costs log space. */
    public static final int DEFAULT_MAX_CHARS = 200;

    private LogText() {
    }

    public static String of(Object value) {
        return of(value, DEFAULT_MAX_CHARS);
    }

    /** {@code value} escaped, and cut after {@code maxChars} characters (code points) of the original with a marker. */
    public static String of(Object value, int maxChars) {
        String text = String.valueOf(value);
        StringBuilder safe = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int taken = 0;
        int at = 0;
        while (at < text.length() && taken < maxChars) {
            int point = text.codePointAt(at);
            appendEscaped(safe, point);
            at += Character.charCount(point);
            taken++;
        }
        if (at < text.length()) {
            safe.append("…(").append(text.codePointCount(at, text.length())).append(" more)");
        }
        return safe.toString();
    }

    private static void appendEscaped(StringBuilder safe, int point) {
        switch (point) {
            case '\n' -> safe.append("\\n");
            case '\r' -> safe.append("\\r");
            case '\t' -> safe.append("\\t");
            case '\\' -> safe.append("\\\\");
            default -> {
                if (needsEscape(point)) {
                    safe.append(String.format("\\u%04x", point));
                } else {
                    safe.appendCodePoint(point);
                }
            }
        }
    }

    private static boolean needsEscape(int point) {
        return switch (Character.getType(point)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
