package dev.beryl.cache.internal;

/**
 * The characters that must not reach a log line or a key as they are: ISO control characters ({@code U+0000} to
 * {@code U+001F}, {@code U+007F} to {@code U+009F}, among them CR, LF, TAB and NUL), the line and paragraph
 * separators {@code U+2028} and {@code U+2029}, and surrogates without their other half (which UTF-8 cannot encode,
 * so that two such texts could become one key).
 */
public final class ControlCharacters {

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private ControlCharacters() {
    }

    /** The index of the first such character from {@code from} on, or -1 if there is none. */
    public static int indexIn(CharSequence text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7f) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (isControlAt(text, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the text holds such a character. */
    public static boolean isIn(CharSequence text) {
        return indexIn(text, 0) >= 0;
    }

    /**
     * The text for a log line or a message: each such character escaped, {@code \n}, {@code \r} and {@code \t} as
     * these two characters, the others as {@code \}{@code uXXXX}; the text itself when it has none.
     */
    public static String escape(String text) {
        int first = indexIn(text, 0);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        int length = text.length();
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                escaped.append(c).append(text.charAt(++i));
            }
            else if (!isControlAt(text, i)) {
                escaped.append(c);
            }
            else if (c == '\n') {
                escaped.append("\\n");
            }
            else if (c == '\r') {
                escaped.append("\\r");
            }
            else if (c == '\t') {
                escaped.append("\\t");
            }
            else {
                escaped.append("\\u").append(HEX_DIGITS[(c >> 12) & 0xf]).append(HEX_DIGITS[(c >> 8) & 0xf])
                        .append(HEX_DIGITS[(c >> 4) & 0xf]).append(HEX_DIGITS[c & 0xf]);
            }
        }
        return escaped.toString();
    }

    /** Whether the character at {@code index} is such a character; a surrogate counts unless it has its pair. */
    private static boolean isControlAt(CharSequence text, int index) {
        char c = text.charAt(index);
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
        }
        return false;
    }
}
