package dev.beryl.cache.internal;

import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A full key whose part is one integral number, {@code {namespace}:{number}} (e.g. {@code beryl:products:42}), held
 * as the namespace and the number instead of as text: the form in which the in-memory backend stores such keys,
 * so that a hit on a method with one {@code long} or {@code int} argument neither builds nor hashes a key string,
 * and an entry holds 24 bytes of key instead of a string.
 * <p>
 * Every full key has one {@link #canonical canonical form}: a {@code NumberKey} when its text after the last colon
 * is a number written as {@link Long#toString(long)} writes it, and the text itself otherwise. Two keys are the same
 * entry exactly when their texts are equal, whichever form each was made in.
 */
public final class NumberKey {

    /** Under namespaces this long or shorter, a key with a number is short enough never to be digested. */
    private static final int MAX_NAMESPACE_CHARS = KeyRenderer.SHORT_KEY_CHARS - 21;

    private final String namespace;

    private final long number;

    /**
     * @param namespace the key without its last colon and number: neither empty nor ending in a part that could
     * make the text ambiguous (any string works: the text is {@code namespace + ':' + number})
     */
    public NumberKey(String namespace, long number) {
        this.namespace = namespace;
        this.number = number;
    }

    /**
     * The key {@link KeyRenderer#keyOfValue(String, Object) keyOfValue(namespace, value)} as a {@code NumberKey}, for
     * a {@code Long}, {@code Integer}, {@code Short} or {@code Byte}, whose rendering is its digits; {@code null} for
     * any other value, and under a namespace so long that the key might be digested.
     */
    public static @Nullable NumberKey ofValue(String namespace, @Nullable Object value) {
        if (namespace.length() > MAX_NAMESPACE_CHARS) {
            return null;
        }
        if (value instanceof Long number) {
            return new NumberKey(namespace, number.longValue());
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new NumberKey(namespace, ((Number) value).longValue());
        }
        return null;
    }

    /** The text before the last colon. */
    public String namespace() {
        return this.namespace;
    }

    public long number() {
        return this.number;
    }

    /**
     * The canonical form of a full key: a {@code NumberKey} when the text after its last colon is a number as
     * {@link Long#toString(long)} writes it (no {@code +}, no leading zero, no {@code -0}), else the key itself.
     * @param namespaces gives the shared instance of a namespace, so that entries do not each hold a copy
     */
    public static Object canonical(String key, Namespaces namespaces) {
        int colon = key.lastIndexOf(':');
        if (colon < 0 || !isCanonicalNumber(key, colon + 1)) {
            return key;
        }
        long number = Long.parseLong(key, colon + 1, key.length(), 10);
        return new NumberKey(namespaces.shared(key.substring(0, colon)), number);
    }

    /** Whether the text from {@code start} to the end is a {@code long} exactly as {@link Long#toString} writes it. */
    static boolean isCanonicalNumber(String text, int start) {
        int digits = start;
        if (digits < text.length() && text.charAt(digits) == '-') {
            digits++;
        }
        int count = text.length() - digits;
        if (count < 1 || count > 19 || (text.charAt(digits) == '0' && (count > 1 || digits > start))) {
            return false;
        }
        for (int i = digits; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (count < 19) {
            return true;
        }
        try {
            Long.parseLong(text, start, text.length(), 10);
            return true;
        }
        catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    /**
     * Whether the key's text starts with {@code prefix}, without making the text when the prefix ends within the
     * namespace and its colon.
     */
    public boolean textStartsWith(String prefix) {
        int length = this.namespace.length();
        if (prefix.length() <= length) {
            return this.namespace.startsWith(prefix);
        }
        if (prefix.length() == length + 1) {
            return prefix.charAt(length) == ':' && prefix.startsWith(this.namespace);
        }
        return toString().startsWith(prefix);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof NumberKey key) && key.number == this.number && key.namespace.equals(this.namespace);
    }

    @Override
    public int hashCode() {
        return 31 * this.namespace.hashCode() + Long.hashCode(this.number);
    }

    /** The key's text, {@code {namespace}:{number}}. */
    @Override
    public String toString() {
        return this.namespace + ':' + this.number;
    }

    /**
     * The shared instances of the namespaces seen, so that the keys a backend holds share one copy of each; bounded,
     * since a namespace here is whatever precedes a key's last colon, which a key generator may vary without limit.
     */
    public static final class Namespaces {

        private static final int MAX_SHARED = 1024;

        private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

        /** The shared instance equal to {@code namespace}, remembering it if there is room. */
        public String shared(String namespace) {
            String known = this.shared.get(namespace);
            if (known != null) {
                return known;
            }
            if (this.shared.size() >= MAX_SHARED) {
                return namespace;
            }
            known = this.shared.putIfAbsent(namespace, namespace);
            return (known != null) ? known : namespace;
        }
    }
}
