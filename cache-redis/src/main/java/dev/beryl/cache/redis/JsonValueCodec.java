package dev.beryl.cache.redis;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.annotation.JsonDeserialize;
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
public final class JsonValueCodec {

    private static final byte[] NULL_MARKER = "beryl:null".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper mapper;

    private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    /** A codec with Jackson's defaults, plus failing on missing creator properties. */
    public JsonValueCodec() {
        this(defaultMapperBuilder().build());
    }

    /** A codec with a mapper of your own; it must not enable default typing. */
    public JsonValueCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The builder of the default mapper, to add modules to. */
    public static JsonMapper.Builder defaultMapperBuilder() {
        return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    }

    /** The JSON of a value, or the null marker. */
    public byte[] encode(@Nullable Object value) {
        return (value != null) ? this.mapper.writeValueAsBytes(value) : NULL_MARKER.clone();
    }

    /**
     * The value of stored bytes, read as {@code type}.
     * @throws tools.jackson.core.JacksonException when the bytes are not JSON of that type
     */
    public @Nullable Object decode(byte[] bytes, Type type) {
        if (Arrays.equals(bytes, NULL_MARKER)) {
            return null;
        }
        return this.readers.computeIfAbsent(type, this::reader).readValue(bytes);
    }

    /**
     * Checks that JSON without type information can be read back as {@code type}: no {@code Object}, no type
     * variable or wildcard, and no interface or abstract class other than collections, maps and
     * {@code CharSequence}, unless the class says how to read it ({@code @JsonTypeInfo}, {@code @JsonDeserialize}).
     * Type arguments are checked too.
     * @throws IllegalArgumentException naming the type that cannot be read back
     */
    public void checkReadable(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            checkReadable(parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                checkReadable(argument);
            }
        }
        else if (type instanceof GenericArrayType array) {
            checkReadable(array.getGenericComponentType());
        }
        else if (type instanceof Class<?> raw) {
            if (raw.isArray()) {
                checkReadable(raw.getComponentType());
            }
            else if (!isReadable(raw)) {
                throw new IllegalArgumentException(raw.getName() + " is " + ((raw == Object.class) ? "Object"
                        : "abstract") + ", and JSON without type information cannot say which class to read");
            }
        }
        else {
            throw new IllegalArgumentException(type.getTypeName() + " is not a concrete type, and JSON without type "
                    + "information cannot say which class to read");
        }
    }

    private static boolean isReadable(Class<?> type) {
        if (type.isPrimitive() || !(type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
            return type != Object.class;
        }
        return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                || type == CharSequence.class || type.isAnnotationPresent(JsonTypeInfo.class)
                || type.isAnnotationPresent(JsonDeserialize.class);
    }

    private ObjectReader reader(Type type) {
        JavaType javaType = this.mapper.getTypeFactory().constructType(type);
        return this.mapper.readerFor(javaType);
    }
}
