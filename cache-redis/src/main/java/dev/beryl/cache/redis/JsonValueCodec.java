package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns cached values into JSON and back, reading with the cached method's generic return type. Type information is
 * never written into the data, and polymorphic default typing is never enabled: a value is read back as the type the
 * method declares, so a stored entry cannot make the application instantiate a class of its choosing.
 * <p>
 * A cached {@code null} is stored as the bytes {@code beryl:null}, which no JSON document can be. Reading fails
 * (and the backend treats the entry as a miss) when the JSON does not fit the type, including when a record or
 * creator property is missing, as after a class gained a component in a deploy.
 */
public final class JsonValueCodec implements ValueCodec {

    private static final byte[] NULL_MARKER = "beryl:null".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper mapper;

    private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    private final ReadableTypes readableTypes;

    /** A codec with Jackson's defaults, plus failing on missing creator properties. */
    public JsonValueCodec() {
        this(defaultMapperBuilder().build());
    }

    /**
     * A codec with a mapper of your own, best built from {@link #defaultMapperBuilder()}.
     * @throws IllegalArgumentException if the mapper has default typing activated
     */
    public JsonValueCodec(JsonMapper mapper) {
        JavaType anything = mapper.getTypeFactory().constructType(Object.class);
        if (mapper.deserializationConfig().getDefaultTyper(anything) != null) {
            throw new IllegalArgumentException("The JsonMapper of JsonValueCodec has default typing activated, which "
                    + "lets stored data name the classes to instantiate: build it without activateDefaultTyping");
        }
        this.mapper = mapper;
        this.readableTypes = new ReadableTypes(mapper);
    }

    /**
     * The builder of the default mapper, to add modules to. It refuses JSON that does not fit the type exactly (a
     * record property missing, a property the type does not have), so that an entry stored in another shape (by an
     * older version of the class, or with stale windows kept beside the value) is a miss rather than a value with
     * fields left empty.
     */
    public static JsonMapper.Builder defaultMapperBuilder() {
        return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The JSON of a value, or the null marker. */
    @Override
    public byte[] encode(@Nullable Object value) {
        return (value != null) ? this.mapper.writeValueAsBytes(value) : NULL_MARKER.clone();
    }

    /**
     * The value of stored bytes, read as {@code type}.
     * @throws tools.jackson.core.JacksonException when the bytes are not JSON of that type
     */
    @Override
    public @Nullable Object decode(byte[] bytes, Type type) {
        if (Arrays.equals(bytes, NULL_MARKER)) {
            return null;
        }
        return this.readers.computeIfAbsent(type, this::reader).readValue(bytes);
    }

    /**
     * Checks that JSON without type information can be read back as {@code type}, at every depth: the type itself,
     * the properties of records and beans as Jackson will read them, the elements of collections and arrays, the
     * values (and keys) of maps and the value of an {@code Optional}. No place may be read as {@code Object} (which
     * comes back as maps and lists), nor be an interface or abstract class, unless Jackson knows how to read it there
     * ({@code @JsonTypeInfo}, {@code @JsonDeserialize}, a deserializer of a module). Recursive types are checked
     * once; nesting deeper than 32 types is not checked.
     * @throws IllegalArgumentException naming the path from {@code type} to the place that cannot be read back, such
     * as {@code Envelope.payload is declared Object, which JSON cannot restore without type information}
     */
    @Override
    public void checkReadable(Type type) {
        this.readableTypes.check(type);
    }

    private ObjectReader reader(Type type) {
        JavaType javaType = this.mapper.getTypeFactory().constructType(type);
        return this.mapper.readerFor(javaType);
    }
}
