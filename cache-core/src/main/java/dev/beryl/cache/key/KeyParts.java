package dev.beryl.cache.key;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.KeyRenderer;

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
 * <p>
 * These methods remember nothing between calls: an object is digested each time it is rendered. (Beryl's own keys
 * are rendered the same way, byte for byte, by a renderer that the application owns and that digests a repeated
 * record of scalars once.)
 */
public final class KeyParts {

    /** The part of a method without arguments. */
    public static final String NO_ARGUMENTS = "()";

    /** The longest key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 512;

    /**
     * The longest namespace ({@code {key-prefix}:{name}}), in bytes of UTF-8: what a key leaves beside the
     * separator and a digested part.
     */
    public static final int MAX_NAMESPACE_BYTES = MAX_KEY_BYTES - 1 - (1 + 2 * KeyRenderer.DIGEST_BYTES);

    /**
     * Renders without a memo, so that nothing static holds the values it renders. (Its JSON mapper, built on the
     * first digest, keeps a serializer per class of the objects digested here, as any Jackson mapper does.)
     */
    private static final KeyRenderer RENDERER = KeyRenderer.withoutMemo();

    private KeyParts() {
    }

    /** The default key part of a call: all arguments, rendered as described above. */
    public static String ofArguments(@Nullable Object[] args) {
        return RENDERER.ofArguments(args);
    }

    /**
     * The key part made of one value, such as the result of a key expression or a key given to the programmatic
     * API. It is what {@link #ofArguments} makes of that value as the only argument, so that {@code key = "#sku"},
     * the default key of a method whose one parameter is {@code sku}, and {@code invalidate("bySku", sku)} all meet:
     * {@code 42}, {@code "AB-1"}, {@code RED}, {@code null}, or a digest.
     */
    public static String ofValue(@Nullable Object value) {
        return RENDERER.ofValue(value);
    }

    /**
     * The key part of a value that must not be shown, such as a bearer token or a cookie: {@code #} and 32 hex
     * digits of a SHA-256 digest of {@link #ofValue its rendering}, so that different values still make different
     * keys; {@code null} stays {@code null}. In place of {@link #ofValue} wherever the value would be rendered.
     */
    public static String ofSecret(@Nullable Object value) {
        return RENDERER.ofSecret(value);
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
        return KeyRenderer.fullKey(namespace, part);
    }

    /**
     * The full key {@code {namespace}:{part}} of a call whose part is {@link #ofArguments all its arguments}, built
     * in one pass: the same key as {@code fullKey(namespace, ofArguments(args))} with fewer copies, for the hit path.
     */
    public static String key(String namespace, @Nullable Object[] args) {
        return RENDERER.key(namespace, args);
    }

    /**
     * The full key {@code {namespace}:{part}} whose part is {@link #ofValue one value}, built in one pass: the same
     * key as {@code fullKey(namespace, ofValue(value))}.
     */
    public static String keyOfValue(String namespace, @Nullable Object value) {
        return RENDERER.keyOfValue(namespace, value);
    }

    /**
     * The namespace {@code {key-prefix}:{name}} of a full key {@code {key-prefix}:{name}:{part}}: neither the prefix
     * nor the name holds a colon. A key without two colons is its own namespace.
     */
    public static String namespaceOf(String fullKey) {
        int first = fullKey.indexOf(':');
        int second = (first >= 0) ? fullKey.indexOf(':', first + 1) : -1;
        return (second >= 0) ? fullKey.substring(0, second) : fullKey;
    }
}
