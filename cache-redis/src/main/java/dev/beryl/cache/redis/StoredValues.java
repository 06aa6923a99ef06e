package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.internal.RateLimitedLog;
import dev.beryl.cache.key.KeyParts;

/**
 * The bytes the backend stores for values, and the values of stored bytes: the codec, compression above a threshold
 * ({@link ValueCompression}) and the size limit, with counts of the values that could not be stored or read back.
 * The one place where values become bytes and bytes values, for plain reads and writes and for leases alike.
 */
final class StoredValues {

    private final ValueCodec codec;

    private final long maxValueSize;

    private final ValueCompression compression;

    private final RateLimitedLog log;

    private final String source;

    private final AtomicLong decodeFailures = new AtomicLong();

    private final ConcurrentMap<String, LongAdder> decodeFailuresByNamespace = new ConcurrentHashMap<>();

    private final AtomicLong oversizedValues = new AtomicLong();

    /**
     * @param compressionThreshold encodings larger than this are compressed; {@link Long#MAX_VALUE} for none
     * @param source the Redis, as failures are logged
     */
    StoredValues(ValueCodec codec, long maxValueSize, long compressionThreshold, RateLimitedLog log, String source) {
        this.codec = codec;
        this.maxValueSize = maxValueSize;
        this.compression = new ValueCompression(compressionThreshold, maxValueSize);
        this.log = log;
        this.source = source;
    }

    /**
     * The bytes to store for a value, or {@code null} (counted and logged) when its encoding is larger than the
     * limit. The bytes never look like a lease's placeholder ({@link ValueCompression#pack}).
     */
    byte @Nullable [] encode(String key, @Nullable Object value) {
        byte[] bytes = this.codec.encode(value);
        if (bytes.length > this.maxValueSize) {
            this.oversizedValues.incrementAndGet();
            this.log.record(this.source, "store " + key, new IllegalArgumentException("value of " + bytes.length
                    + " bytes is larger than the limit of " + this.maxValueSize + " bytes"));
            return null;
        }
        return this.compression.pack(bytes);
    }

    /**
     * The value in stored bytes, read as {@code type}. A lease's placeholder ({@link Leases}) is a miss, and no
     * failure. Bytes that cannot be decoded give {@code null}: counted, per cache too, and logged; the caller removes
     * the entry.
     */
    @Nullable CacheLookup decode(String key, byte[] stored, Type type) {
        if (Leases.isPlaceholder(stored)) {
            return CacheLookup.miss();
        }
        try {
            return CacheLookup.hit(this.codec.decode(this.compression.unpack(stored), type));
        }
        catch (RuntimeException ex) {
            this.decodeFailures.incrementAndGet();
            this.decodeFailuresByNamespace.computeIfAbsent(KeyParts.namespaceOf(key), (namespace) -> new LongAdder())
                    .increment();
            this.log.record(this.source, "decode " + key + " as " + type.getTypeName()
                    + "; the entry is deleted and the method runs", ex);
            return null;
        }
    }

    /** Asks the codec whether values declared as {@code type} can be read back. */
    void checkReadable(Type type) {
        this.codec.checkReadable(type);
    }

    long decodeFailures() {
        return this.decodeFailures.get();
    }

    long decodeFailures(String namespace) {
        LongAdder count = this.decodeFailuresByNamespace.get(namespace);
        return (count != null) ? count.sum() : 0;
    }

    long oversizedValues() {
        return this.oversizedValues.get();
    }
}
