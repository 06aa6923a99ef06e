package dev.beryl.cache.redis;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * Turns cached values into the bytes the Redis backend stores, and back. The default is {@link JsonValueCodec};
 * set another with {@link RedisCacheBackend.Builder#codec}, or, with the Spring Boot starter, define a
 * {@code ValueCodec} bean.
 * <p>
 * A codec reads with the type it is given, the cached method's generic return type, and never with a type named in
 * the data: a format that instantiates the classes the stored bytes name (Java serialization, Jackson's default
 * typing, Kryo without registration) lets whoever can write to Redis run code in the application. MessagePack,
 * CBOR, Smile or Protobuf read with a declared type are fine.
 * <p>
 * Implementations must be thread-safe. The backend compresses and limits the size of what a codec writes, so a
 * codec does neither.
 */
public interface ValueCodec {

    /**
     * The bytes of a value; a cached {@code null} too, which {@link #decode} must read back as {@code null}
     * (the JSON codec writes {@code beryl:null}, which no JSON document can be).
     */
    byte[] encode(@Nullable Object value);

    /**
     * The value of bytes that {@link #encode} wrote, read as {@code type}.
     * @param type the generic type the value is declared with, such as {@code List<ProductDto>}
     * @throws RuntimeException when the bytes are not a value of that type; the backend then treats the entry as a
     * miss, deletes it and counts it
     */
    @Nullable Object decode(byte[] bytes, Type type);

    /**
     * Checks, once per cached method at start-up, that values declared as {@code type} can be read back; accepts
     * every type by default.
     * @throws IllegalArgumentException saying why values of this type cannot be read back, which stops the
     * application with the method named
     */
    default void checkReadable(Type type) {
    }
}
