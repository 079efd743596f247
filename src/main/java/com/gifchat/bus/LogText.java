package com.gifchat.bus;

/**
 * Makes text a client wrote safe for one log line: it can neither start a line of its own (a forged entry) nor fill
 * the log.
 */
public final class LogText {

    /** Enough to recognise what was sent, too little to fill a log. */
    public static final int DEFAULT_MAX_CHARS = 120;
    private static final String CUT = "…";

    private LogText() {
    }

    /** {@link #escape(Object, int)} with the default length. */
    public static String escape(Object clientText) {
        return escape(clientText, DEFAULT_MAX_CHARS);
    }

    /**
     * The text in double quotes, at most {@code maxChars} of it (then "…" marks the cut). Control characters, line
     * and paragraph separators, invisible and bidi controls, lone surrogates, backslashes and double quotes are
     * escaped as in a Java string literal (a line break as backslash-n, a right-to-left override as backslash-u202e),
     * so the result stays on its line and reads as one value. {@code null} gives {@code null}, unquoted.
     */
    public static String escape(Object clientText, int maxChars) {
        if (clientText == null) {
            return "null";
        }
        String text = clientText.toString();
        int end = Math.min(text.length(), maxChars);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append(CUT);
        }
        return out.append('"').toString();
    }

    /** Characters that end a line somewhere, draw nothing, or reorder what a reader sees. */
    private static boolean unsafe(char c) {
        return Character.isISOControl(c)
            || c == '\u2028' || c == '\u2029'
            || (c >= '\u200b' && c <= '\u200f')
            || (c >= '\u202a' && c <= '\u202e')
            || (c >= '\u2066' && c <= '\u2069')
            || c == '\ufeff'
            // a surrogate that is not half of a pair (pairs are copied whole by the caller)
            || Character.isSurrogate(c);
    }
}
