package dev.beryl.cache.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Year;
import java.util.HexFormat;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.key.KeyParts;

/**
 * Renders key parts and full keys as {@link KeyParts} describes them. How a value renders is decided in one place,
 * {@link #appendTo}; every other method puts its renderings together.
 * <p>
 * A renderer {@link #withMemo() with a memo} digests a repeated record of scalars once; the memo holds the last
 * records it digested, so it belongs to whoever owns the keys (the Spring starter keeps one per application
 * context) and goes with it. {@link KeyParts} renders {@link #withoutMemo() without one}, so that nothing static
 * holds the records of an application. Both make the same keys.
 */
public final class KeyRenderer {

    /** The bytes of a SHA-256 digest that a key keeps, as 32 hex digits. */
    public static final int DIGEST_BYTES = 16;

    static final HexFormat HEX = HexFormat.of();

    /** What starts a part that is replaced by its digest; no rendering of a value starts with it. */
    private static final char DIGESTED_PART = '~';

    /** Keys of at most this many characters are at most {@link KeyParts#MAX_KEY_BYTES} bytes, without counting. */
    static final int SHORT_KEY_CHARS = KeyParts.MAX_KEY_BYTES / 3;

    /** The kind of a secret's digest: no class is named so, so it is never an object's digest. */
    private static final byte[] SECRET_KIND = "(secret)\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectDigests digests;

    private KeyRenderer(ObjectDigests digests) {
        this.digests = digests;
    }

    /** A renderer that digests a repeated record of scalars once, and holds on to the last records it digested. */
    public static KeyRenderer withMemo() {
        return new KeyRenderer(ObjectDigests.withMemo());
    }

    /** A renderer that remembers no value: every record is digested again. */
    public static KeyRenderer withoutMemo() {
        return new KeyRenderer(ObjectDigests.withoutMemo());
    }

    /**
     * Appends the rendering of one value, the one place that decides it: {@code null}, a quoted and escaped string
     * or character, a scalar's text, an enum constant's name, or a digest.
     * @return whether what was appended is free of control characters, so that a key holding it may stay readable
     */
    public boolean appendTo(StringBuilder target, @Nullable Object value) {
        if (value == null) {
            target.append("null");
            return true;
        }
        if (value instanceof String text) {
            return appendQuoted(target, text);
        }
        if (value instanceof Long number) {
            target.append(number.longValue());
            return true;
        }
        if (value instanceof Integer number) {
            target.append(number.intValue());
            return true;
        }
        if (value instanceof Character character) {
            return appendQuoted(target, character.toString());
        }
        if (value instanceof Enum<?> constant) {
            // A Java identifier may hold control characters (those Character.isIdentifierIgnorable accepts).
            String name = constant.name();
            target.append(name);
            return !ControlCharacters.isIn(name);
        }
        target.append(scalarOrDigest(value));
        return true;
    }

    /** The rendering of a value that is neither null, text nor an enum constant: its text, or its digest. */
    private String scalarOrDigest(Object value) {
        return isPlainScalar(value) ? value.toString() : this.digests.digest(value);
    }

    /** The key part of one value: its {@link #appendTo rendering}. */
    public String ofValue(@Nullable Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value != null && !(value instanceof String || value instanceof Character || value instanceof Enum<?>)) {
            // Appended as one string by appendTo: no builder to copy it through.
            return scalarOrDigest(value);
        }
        StringBuilder part = new StringBuilder(40);
        appendTo(part, value);
        return part.toString();
    }

    /** The key part of a call: its arguments' renderings separated by commas, or {@code ()} for none. */
    public String ofArguments(@Nullable Object[] args) {
        if (args == null || args.length == 0) {
            return KeyParts.NO_ARGUMENTS;
        }
        StringBuilder part = new StringBuilder(16 * args.length);
        appendArguments(part, args);
        return part.toString();
    }

    /** The key part of a secret: a digest of its {@link #ofValue rendering}; {@code null} stays {@code null}. */
    public String ofSecret(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        MessageDigest sha256 = sha256();
        sha256.update(SECRET_KIND);
        return "#" + HEX.formatHex(sha256.digest(utf16(ofValue(value))), 0, DIGEST_BYTES);
    }

    /**
     * The full key whose part is {@link #ofArguments all arguments}, built in one pass: the same key as
     * {@code fullKey(namespace, ofArguments(args))}.
     */
    public String key(String namespace, @Nullable Object[] args) {
        if (args == null || args.length == 0) {
            return namespace + ':' + KeyParts.NO_ARGUMENTS;
        }
        if (args.length == 1) {
            return keyOfValue(namespace, args[0]);
        }
        StringBuilder key = new StringBuilder(namespace.length() + 1 + 16 * args.length).append(namespace)
                .append(':');
        boolean plain = appendArguments(key, args);
        return bounded(key.toString(), namespace.length() + 1, plain);
    }

    /**
     * The full key whose part is {@link #ofValue one value}, built in one pass: the same key as
     * {@code fullKey(namespace, ofValue(value))}.
     * <p>
     * The one specialization beside {@link #appendTo}, for the hit path: a {@code Long} or {@code Integer}, whose
     * rendering is by definition the text that {@code StringBuilder.append} gives it, and a string that needs
     * neither escapes nor a digest, whose rendering is the string in quotes, are concatenated into the key as one
     * string of the exact size; so is the text or digest of any other value but a character or an enum constant,
     * which {@link #appendTo} also appends as one string. The tests hold every kind of value to the key that
     * {@link #appendTo} makes.
     */
    public String keyOfValue(String namespace, @Nullable Object value) {
        int partStart = namespace.length() + 1;
        if (value instanceof Long number) {
            return bounded(namespace + ':' + number.longValue(), partStart, true);
        }
        if (value instanceof Integer number) {
            return bounded(namespace + ':' + number.intValue(), partStart, true);
        }
        if (value instanceof String text && isPlainText(text)) {
            return bounded(namespace + ":\"" + text + '"', partStart, true);
        }
        if (value != null && !(value instanceof String || value instanceof Character || value instanceof Enum<?>)) {
            return bounded(namespace + ':' + scalarOrDigest(value), partStart, true);
        }
        int expected = (value instanceof String text) ? text.length() + 8 : 40;
        StringBuilder key = new StringBuilder(partStart + expected).append(namespace).append(':');
        boolean plain = appendTo(key, value);
        return bounded(key.toString(), partStart, plain);
    }

    /**
     * Starts the full key of a part that is {@link #ofValue the rendering of one string} written piece by piece, such
     * as the value of a key expression that joins strings: a builder holding {@code {namespace}:"}, to which the
     * caller appends the string's characters before {@link #keyOfText} makes the key, without the string between.
     * @param textLength the expected length of the string, to size the builder
     */
    public static StringBuilder startKeyOfText(String namespace, int textLength) {
        return new StringBuilder(namespace.length() + textLength + 3).append(namespace).append(":\"");
    }

    /**
     * The full key of a builder that {@link #startKeyOfText} started with {@code namespace} and that a string was
     * appended to since: the same key as {@code keyOfValue(namespace, string)}.
     */
    public String keyOfText(StringBuilder key, String namespace) {
        int start = namespace.length() + 2;
        String quoted = key.append('"').toString();
        int end = quoted.length() - 1;
        if (isPlainText(quoted, start, end)) {
            return bounded(quoted, namespace.length() + 1, true);
        }
        return keyOfValue(namespace, quoted.substring(start, end));
    }

    /** The full key {@code {namespace}:{part}}, bounded as {@link KeyParts#fullKey} describes. */
    public static String fullKey(String namespace, String part) {
        String key = namespace + ':' + part;
        boolean plain = (part.isEmpty() || part.charAt(0) != DIGESTED_PART) && !ControlCharacters.isIn(part);
        return bounded(key, namespace.length() + 1, plain);
    }

    /** Appends the arguments separated by commas; whether all of them are plain. */
    private boolean appendArguments(StringBuilder target, Object[] args) {
        boolean plain = true;
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                target.append(',');
            }
            plain &= appendTo(target, args[i]);
        }
        return plain;
    }

    /**
     * The key itself if its part is plain and the key short enough, else the key with its part replaced by the
     * part's digest.
     */
    private static String bounded(String key, int partStart, boolean plain) {
        if (plain && (key.length() <= SHORT_KEY_CHARS || utf8Length(key) <= KeyParts.MAX_KEY_BYTES)) {
            return key;
        }
        MessageDigest sha256 = sha256();
        sha256.update(utf16(key.substring(partStart)));
        return key.substring(0, partStart) + DIGESTED_PART + HEX.formatHex(sha256.digest(), 0, DIGEST_BYTES);
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair, two chars, is four bytes; a lone surrogate never reaches a key as it is.
            bytes += (c < 0x80) ? 1 : (c < 0x800 || Character.isSurrogate(c)) ? 2 : 3;
        }
        return bytes;
    }

    /** The text as UTF-16 code units, which unlike UTF-8 tell every two strings apart, halves of pairs too. */
    private static byte[] utf16(String text) {
        byte[] bytes = new byte[2 * text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes[2 * i] = (byte) (c >> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        return bytes;
    }

    private static boolean isPlainScalar(Object value) {
        return value instanceof Boolean || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigInteger
                || value instanceof BigDecimal || value instanceof UUID
                || (value.getClass().getPackageName().equals("java.time") && !(value instanceof Year));
    }

    /** Appends the text in quotes, escaped; whether it is plain, without a control character. */
    private static boolean appendQuoted(StringBuilder target, String text) {
        target.append('"');
        boolean plain = true;
        boolean checked = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                target.append('\\');
            }
            else if (!checked && (c < ' ' || c >= 0x7f)) {
                // The first character that is not printable ASCII: look for control characters once, from here.
                checked = true;
                plain = ControlCharacters.indexIn(text, i) < 0;
            }
            target.append(c);
        }
        target.append('"');
        return plain;
    }

    /** Whether a string renders as itself in quotes: nothing to escape, no control character. One pass. */
    private static boolean isPlainText(String text) {
        return isPlainText(text, 0, text.length());
    }

    /** Whether the characters from {@code from} to {@code to} need neither escapes nor a digest. */
    private static boolean isPlainText(String text, int from, int to) {
        boolean checked = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                return false;
            }
            if (!checked && (c < ' ' || c >= 0x7f)) {
                // The first character that is not printable ASCII: look for control characters once, from here.
                checked = true;
                int control = ControlCharacters.indexIn(text, i);
                if (control >= 0 && control < to) {
                    return false;
                }
            }
        }
        return true;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }
}
