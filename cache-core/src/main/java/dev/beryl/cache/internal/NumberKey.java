package dev.beryl.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * <p>
 * Keys are comparable, so that a hash map holding many keys whose hashes collide (ids chosen by whoever calls a
 * cached endpoint) still finds each in logarithmic time, as it does strings.
 */
public final class NumberKey implements Comparable<NumberKey> {

    /** The multiplicative inverse of 31 modulo 2<sup>32</sup>: {@code 31 * INVERSE_OF_31 == 1} in {@code int}s. */
    private static final int INVERSE_OF_31 = 0xbdef7bdf;

    /** See {@link #inversePowersOf31()}. */
    private static final int[] INVERSE_POWERS_OF_31 = inversePowersOf31();

    /** Under namespaces this long or shorter, a key with a number is short enough never to be digested. */
    private static final int MAX_NAMESPACE_CHARS = KeyRenderer.SHORT_KEY_CHARS - 21;

    /** Holds the namespace: all of it, or, for a key read from its text, the text, whose first chars it is. */
    private final String source;

    /** How many chars of {@link #source} the namespace is. */
    private final int namespaceLength;

    private final long number;

    private final int hash;

    /**
     * @param namespace the key's text before its last colon, any string (empty too): the text is
     * {@code namespace + ':' + number}
     */
    public NumberKey(String namespace, long number) {
        this(namespace, namespace.length(), number, namespace.hashCode());
    }

    private NumberKey(String source, int namespaceLength, long number, int namespaceHash) {
        this.source = source;
        this.namespaceLength = namespaceLength;
        this.number = number;
        this.hash = 31 * namespaceHash + Long.hashCode(number);
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
        return (this.namespaceLength == this.source.length()) ? this.source
                : this.source.substring(0, this.namespaceLength);
    }

    public long number() {
        return this.number;
    }

    /**
     * The canonical form of a full key: a {@code NumberKey} when the text after its last colon is a number as
     * {@link Long#toString(long)} writes it (no {@code +}, no leading zero, no {@code -0}), else the key itself. A
     * {@code NumberKey} made so reads its namespace from the text, without copying it: made to look an entry up.
     */
    public static Object canonical(String key) {
        NumberKey read = read(key);
        return (read != null) ? read : key;
    }

    /**
     * {@link #canonical(String)} for a key that is stored: its namespace is the instance that the entries of the
     * namespace share, so that they do not each hold a copy of it or of their text.
     */
    public static Object canonical(String key, Namespaces namespaces) {
        NumberKey read = read(key);
        if (read == null) {
            return key;
        }
        int namespaceHash = (read.hash - Long.hashCode(read.number)) * INVERSE_OF_31;
        String namespace = namespaces.shared(key, read.namespaceLength, namespaceHash);
        return new NumberKey(namespace, read.namespaceLength, read.number, namespaceHash);
    }

    /**
     * The key read from its text, or {@code null} when the text after the last colon is not a canonical number. A
     * scan back over the digits finds the colon; one pass forward then reads the number and the hash of the chars
     * from the colon on, so that the namespace's hash follows from the whole text's (which a string used again
     * caches): {@code hash(text) = hash(namespace) * 31^n + hash(suffix)} for the {@code n} chars of the suffix, and
     * multiplying by 31 can be undone in {@code int}s.
     */
    private static @Nullable NumberKey read(String key) {
        int end = key.length();
        int start = end;
        while (start > 0 && (char) (key.charAt(start - 1) - '0') <= 9) {
            start--;
        }
        int digits = end - start;
        int colon = start - 1;
        if (digits == 0 || digits > 19 || colon < 0) {
            return null;
        }
        boolean negative = key.charAt(colon) == '-';
        if (negative && --colon < 0) {
            return null;
        }
        if (key.charAt(colon) != ':' || (key.charAt(start) == '0' && (digits > 1 || negative))
                || (digits == 19 && !fitsLong(key, start, negative))) {
            return null;
        }
        int suffixHash = negative ? 31 * ':' + '-' : ':';
        // Accumulated negatively, so that Long.MIN_VALUE fits.
        long negated = 0;
        for (int i = start; i < end; i++) {
            char c = key.charAt(i);
            negated = negated * 10 - (c - '0');
            suffixHash = 31 * suffixHash + c;
        }
        int namespaceHash = (key.hashCode() - suffixHash) * INVERSE_POWERS_OF_31[end - colon];
        return new NumberKey(key, colon, negative ? negated : -negated, namespaceHash);
    }

    /** {@code INVERSE_OF_31} to the power of each length a key's suffix can have, from its colon on. */
    private static int[] inversePowersOf31() {
        int[] powers = new int[22];
        powers[0] = 1;
        for (int i = 1; i < powers.length; i++) {
            powers[i] = powers[i - 1] * INVERSE_OF_31;
        }
        return powers;
    }

    /** Whether 19 digits from {@code start} fit a {@code long}, with the sign given. */
    private static boolean fitsLong(String text, int start, boolean negative) {
        int order = text.substring(start).compareTo(negative ? "9223372036854775808" : "9223372036854775807");
        return order <= 0;
    }

    /**
     * Whether the key's text starts with {@code prefix}, without making the text when the prefix ends within the
     * namespace and its colon.
     */
    public boolean textStartsWith(String prefix) {
        int length = this.namespaceLength;
        if (prefix.length() <= length) {
            return this.source.startsWith(prefix);
        }
        if (prefix.length() == length + 1) {
            return prefix.charAt(length) == ':' && prefix.regionMatches(0, this.source, 0, length);
        }
        return toString().startsWith(prefix);
    }

    @Override
    public int compareTo(NumberKey other) {
        int byNumber = Long.compare(this.number, other.number);
        if (byNumber != 0) {
            return byNumber;
        }
        int shorter = Math.min(this.namespaceLength, other.namespaceLength);
        for (int i = 0; i < shorter; i++) {
            int byChar = Character.compare(this.source.charAt(i), other.source.charAt(i));
            if (byChar != 0) {
                return byChar;
            }
        }
        return Integer.compare(this.namespaceLength, other.namespaceLength);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (!(other instanceof NumberKey key) || key.number != this.number || key.hash != this.hash
                || key.namespaceLength != this.namespaceLength) {
            return false;
        }
        return (key.source == this.source) || this.source.regionMatches(0, key.source, 0, this.namespaceLength);
    }

    @Override
    public int hashCode() {
        return this.hash;
    }

    /** The key's text, {@code {namespace}:{number}}. */
    @Override
    public String toString() {
        return (this.namespaceLength < this.source.length()) ? this.source
                : this.source + ':' + this.number;
    }

    /**
     * The shared instances of the namespaces stored, so that the keys a backend holds share one copy of each;
     * bounded, since a namespace here is whatever precedes a key's last colon, which a key generator may vary without
     * limit: past the bound, Caffeine forgets the namespaces it ranks lowest (it sees them added, not found, so that
     * finding one on every write stays cheap), and keys made then hold copies of their own.
     */
    public static final class Namespaces {

        private static final int MAX_SHARED = 1024;

        /** Each namespace by a key of it and the number 0, so that it is found from a key's text, without a copy. */
        private final Cache<NumberKey, String> shared = Caffeine.newBuilder().maximumSize(MAX_SHARED)
                .executor(Runnable::run).build();

        /** The shared instance equal to {@code namespace}, which becomes the shared one if there is none. */
        public String shared(String namespace) {
            NumberKey probe = new NumberKey(namespace, 0);
            String known = this.shared.policy().getIfPresentQuietly(probe);
            return (known != null) ? known : this.shared.get(probe, (first) -> namespace);
        }

        /** The shared instance of the text's first {@code length} chars, whose hash is given; copied only if new. */
        String shared(String text, int length, int hash) {
            String known = this.shared.policy().getIfPresentQuietly(new NumberKey(text, length, 0, hash));
            return (known != null) ? known : shared(text.substring(0, length));
        }

        /** How many namespaces are shared, at most the bound. */
        long size() {
            this.shared.cleanUp();
            return this.shared.estimatedSize();
        }
    }
}
