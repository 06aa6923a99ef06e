package dev.beryl.cache.key;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Year;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.ControlCharacters;

/**
 * Renders the key part of a cache entry, the {@code part} of {@code {key-prefix}:{name}:{part}}, and makes full
 * keys of parts.
 * <p>
 * The default part is made from all arguments of the method, separated by commas:
 * <ul>
 * <li>strings and characters in double quotes, with {@code "} and {@code \} escaped by a backslash:
 * {@code "shoes"} (so that no string can look like a number, {@code null} or a separator);</li>
 * <li>numbers, booleans, enum constants (by name), UUIDs and {@code java.time} values (but {@code Year}) as their
 * text: {@code 42}, {@code true}, {@code RED}, {@code 2024-05-01};</li>
 * <li>{@code null} as {@code null};</li>
 * <li>anything else (records, beans, collections, maps, arrays) as {@code #} followed by 32 hex digits of the
 * SHA-256 digest of its kind and its canonical JSON. The kind is the class name, except that every {@code List},
 * every {@code Set} and every {@code Map} is of one kind, as their {@code equals} says; properties and map entries
 * are sorted by name, and the elements of a set by their JSON.</li>
 * <li>no arguments at all as {@code ()}.</li>
 * </ul>
 * Since only quoted strings may contain commas or quotes, the split between arguments is never ambiguous: a
 * method's {@code ("a,b")} is {@code "a,b"} and its {@code ("a", "b")} is {@code "a","b"}; {@code null} is not
 * {@code "null"}; {@code 1} is not {@code "1"}. What a rendering cannot tell apart: numbers of different types with
 * the same text ({@code 1} and {@code 1L}), enum constants of different types with the same name, and objects whose
 * differences Jackson does not write (state without a getter). Only a parameter declared {@code Object},
 * {@code Number} or an interface can receive such pairs; give such a method a {@code key}.
 * <p>
 * A full key is at most {@value #MAX_KEY_BYTES} bytes of UTF-8 and holds no control character (see
 * {@link #fullKey}): a part that would make it longer, that holds a control character, or that starts with
 * {@code ~} is replaced as a whole by {@code ~} and 32 hex digits of the SHA-256 digest of its text. No other part
 * starts with {@code ~}, so different parts still make different keys.
 */
public final class KeyParts {

    /** The part of a method without arguments. */
    public static final String NO_ARGUMENTS = "()";

    /** The longest key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 512;

    static final int DIGEST_BYTES = 16;

    /** What starts a part that is replaced by its digest; no rendering of a value starts with it. */
    private static final char DIGESTED_PART = '~';

    /**
     * The longest namespace ({@code {key-prefix}:{name}}), in bytes of UTF-8: what a key leaves beside the
     * separator and a digested part.
     */
    public static final int MAX_NAMESPACE_BYTES = MAX_KEY_BYTES - 1 - (1 + 2 * DIGEST_BYTES);

    /** Keys of at most this many characters are at most {@link #MAX_KEY_BYTES} bytes, without counting. */
    private static final int SHORT_KEY_CHARS = MAX_KEY_BYTES / 3;

    /** What {@link #scan} finds: a string needs neither escapes nor a digest. */
    private static final int PLAIN = 0;

    /** What {@link #scan} finds: a string has {@code "} or {@code \}, to escape. */
    private static final int ESCAPE = 1;

    /** What {@link #scan} finds: a string has a control character, so the part is digested. */
    private static final int CONTROL = 2;

    static final HexFormat HEX = HexFormat.of();

    /** The kind of a secret's digest: no class is named so, so it is never an object's digest. */
    private static final byte[] SECRET_KIND = "(secret)\n".getBytes(StandardCharsets.UTF_8);

    private KeyParts() {
    }

    /** The default key part of a call: all arguments, rendered as described above. */
    public static String ofArguments(@Nullable Object[] args) {
        if (args == null || args.length == 0) {
            return NO_ARGUMENTS;
        }
        if (args.length == 1) {
            return argument(args[0]);
        }
        StringBuilder part = new StringBuilder(16 * args.length);
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                part.append(',');
            }
            part.append(argument(args[i]));
        }
        return part.toString();
    }

    /**
     * The key part made of one value, such as the result of a key expression or a key given to the programmatic
     * API. It is what {@link #ofArguments} makes of that value as the only argument, so that {@code key = "#sku"},
     * the default key of a method whose one parameter is {@code sku}, and {@code invalidate("bySku", sku)} all meet:
     * {@code 42}, {@code "AB-1"}, {@code RED}, {@code null}, or a digest.
     */
    public static String ofValue(@Nullable Object value) {
        return argument(value);
    }

    /**
     * The key part of a value that must not be shown, such as a bearer token or a cookie: {@code #} and 32 hex
     * digits of a SHA-256 digest of {@link #ofValue its rendering}, so that different values still make different
     * keys; {@code null} stays {@code null}. In place of {@link #ofValue} wherever the value would be rendered.
     */
    public static String ofSecret(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        MessageDigest sha256 = sha256();
        sha256.update(SECRET_KIND);
        return "#" + HEX.formatHex(sha256.digest(utf16(argument(value))), 0, DIGEST_BYTES);
    }

    /**
     * The full key {@code {namespace}:{part}}. Every key is made here or by {@link #key} and {@link #keyOfValue},
     * which make the same key as this method from the part of {@link #ofArguments} or {@link #ofValue}.
     * <p>
     * The part is kept as it is unless the key would be longer than {@value #MAX_KEY_BYTES} bytes of UTF-8, the
     * part holds a control character (ISO control characters such as CR, LF, TAB and NUL, the line and paragraph
     * separators, or half a surrogate pair), or it starts with {@code ~}: then the whole part is replaced by
     * {@code ~} and 32 hex digits of the SHA-256 digest of its UTF-16 text. Such a key is at most
     * {@value #MAX_KEY_BYTES} bytes as long as the namespace is at most {@link #MAX_NAMESPACE_BYTES}.
     */
    public static String fullKey(String namespace, String part) {
        String key = namespace + ':' + part;
        boolean plain = (part.isEmpty() || part.charAt(0) != DIGESTED_PART) && !ControlCharacters.isIn(part);
        return bounded(key, namespace.length() + 1, plain);
    }

    /**
     * The full key {@code {namespace}:{part}} of a call whose part is {@link #ofArguments all its arguments}, built
     * in one pass: the same key as {@code fullKey(namespace, ofArguments(args))} with fewer copies, for the hit path.
     */
    public static String key(String namespace, @Nullable Object[] args) {
        if (args == null || args.length == 0) {
            return namespace + ':' + NO_ARGUMENTS;
        }
        if (args.length == 1) {
            return keyOfValue(namespace, args[0]);
        }
        StringBuilder key = new StringBuilder(namespace.length() + 1 + 16 * args.length).append(namespace)
                .append(':');
        boolean plain = true;
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                key.append(',');
            }
            plain &= appendArgument(key, args[i]);
        }
        return bounded(key.toString(), namespace.length() + 1, plain);
    }

    /**
     * The full key {@code {namespace}:{part}} whose part is {@link #ofValue one value}, built in one pass: the same
     * key as {@code fullKey(namespace, ofValue(value))}.
     */
    public static String keyOfValue(String namespace, @Nullable Object value) {
        // The common one-argument shapes are concatenated straight into the key, without a part string between.
        if (value instanceof Long number) {
            return bounded(namespace + ':' + number.longValue(), namespace.length() + 1, true);
        }
        if (value instanceof Integer number) {
            return bounded(namespace + ':' + number.intValue(), namespace.length() + 1, true);
        }
        if (value instanceof String text) {
            int found = scan(text);
            if (found == PLAIN) {
                return bounded(namespace + ":\"" + text + '"', namespace.length() + 1, true);
            }
            return bounded(namespace + ':' + quoted(text), namespace.length() + 1, found != CONTROL);
        }
        String part = argument(value);
        return bounded(namespace + ':' + part, namespace.length() + 1, isPlain(value, part));
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
    public static String keyOfText(StringBuilder key, String namespace) {
        int start = namespace.length() + 2;
        String quoted = key.append('"').toString();
        int end = quoted.length() - 1;
        if (scan(quoted, start, end) == PLAIN) {
            return bounded(quoted, namespace.length() + 1, true);
        }
        return keyOfValue(namespace, quoted.substring(start, end));
    }

    /**
     * The key itself if its part is plain and the key short enough, else the key with its part replaced by the
     * part's digest.
     */
    private static String bounded(String key, int partStart, boolean plain) {
        if (plain && (key.length() <= SHORT_KEY_CHARS || utf8Length(key) <= MAX_KEY_BYTES)) {
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

    private static String argument(@Nullable Object arg) {
        if (arg == null) {
            return "null";
        }
        if (arg instanceof String text) {
            return quoted(text);
        }
        if (arg instanceof Character character) {
            return quoted(character.toString());
        }
        if (arg instanceof Enum<?> constant) {
            return constant.name();
        }
        return isPlainScalar(arg) ? arg.toString() : ObjectDigests.digest(arg);
    }

    /** Appends the rendering of an argument; whether it is plain, without a control character. */
    private static boolean appendArgument(StringBuilder key, @Nullable Object arg) {
        if (arg instanceof Long number) {
            key.append(number.longValue());
            return true;
        }
        if (arg instanceof Integer number) {
            key.append(number.intValue());
            return true;
        }
        if (arg instanceof String text) {
            return appendQuoted(key, text);
        }
        if (arg instanceof Character character) {
            return appendQuoted(key, character.toString());
        }
        String rendered = argument(arg);
        key.append(rendered);
        return isPlain(arg, rendered);
    }

    /** Whether a rendering has no control character: only characters and enum constants are left to look at. */
    private static boolean isPlain(@Nullable Object value, String rendered) {
        return !(value instanceof Character || value instanceof Enum<?>) || !ControlCharacters.isIn(rendered);
    }

    private static boolean isPlainScalar(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Boolean
                || value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
                || value instanceof BigInteger || value instanceof BigDecimal || value instanceof UUID
                || (value.getClass().getPackageName().equals("java.time") && !(value instanceof Year));
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2);
        appendQuoted(quoted, text);
        return quoted.toString();
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

    /** What a string needs: {@link #PLAIN}, {@link #ESCAPE} or {@link #CONTROL}; one pass, for the hit path. */
    private static int scan(String text) {
        return scan(text, 0, text.length());
    }

    /** What {@link #scan(String)} finds in the characters from {@code start} to {@code end}. */
    private static int scan(String text, int start, int end) {
        int found = PLAIN;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                found = ESCAPE;
            }
            else if (c < ' ' || c >= 0x7f) {
                int control = ControlCharacters.indexIn(text, i);
                if (control >= 0 && control < end) {
                    return CONTROL;
                }
                // None from here on; only quotes and backslashes are left to find.
                boolean escape = found == ESCAPE || isBefore(text.indexOf('"', i), end)
                        || isBefore(text.indexOf('\\', i), end);
                return escape ? ESCAPE : PLAIN;
            }
        }
        return found;
    }

    private static boolean isBefore(int index, int end) {
        return index >= 0 && index < end;
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
