package dev.beryl.cache.spring.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.TypeConverter;

/**
 * How SpEL's {@code +} writes a value that is not a string after a string: {@code null} as {@code null}, a value
 * that the evaluation context's {@link TypeConverter} can convert to a string as converted, any other as
 * {@link String#valueOf}. For numbers, booleans, characters and UUIDs that is their {@code toString()}, and for enum
 * constants their name; these are written without asking the converter on every call, after the converter was
 * found to write them so (the scalars when this object is made, each enum type on first use). Anything else is not
 * written here: the caller leaves the call to SpEL.
 */
final class StringRendering {

    /** Classes whose values the converter writes as their {@code toString()} (when it does, see the constructor). */
    private static final List<Object> SAMPLES = List.of(-42, 7_000_000_000L, (short) -3, (byte) 9, -1.5e-7, 2.5f,
            true, 'x', new BigInteger("-123456789012345678901234567890"), new BigDecimal("1E+3"),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));

    private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

    private final TypeConverter converter;

    private final Set<Class<?>> asText = new HashSet<>();

    /** Whether integers and longs, the usual numbers of keys, are written as their text: asked first. */
    private final boolean integersAsText;

    private final boolean longsAsText;

    /** Whether the converter writes every constant of an enum type as its name. */
    private final ClassValue<Boolean> enumsByName = new ClassValue<>() {

        @Override
        protected Boolean computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            if (constants == null) {
                return false;
            }
            for (Object constant : constants) {
                if (!((Enum<?>) constant).name().equals(spelText(constant))) {
                    return false;
                }
            }
            return true;
        }
    };

    StringRendering(TypeConverter converter) {
        this.converter = converter;
        for (Object sample : SAMPLES) {
            if (sample.toString().equals(spelText(sample))) {
                this.asText.add(sample.getClass());
            }
        }
        this.integersAsText = this.asText.contains(Integer.class);
        this.longsAsText = this.asText.contains(Long.class);
    }

    /**
     * Whether values of a static type may be written here: primitives, enums, and types that some of the classes
     * written here belong to (such as {@code Object} or {@code Number}); values of other classes are still refused
     * when they come.
     */
    boolean mayWrite(Class<?> type) {
        if (type.isPrimitive() || type.isEnum() || type == String.class || type.isAssignableFrom(Enum.class)) {
            return true;
        }
        for (Class<?> written : this.asText) {
            if (type.isAssignableFrom(written)) {
                return true;
            }
        }
        return false;
    }

    /** Appends a value as SpEL's {@code +} writes it after a string; {@code false} when it is not written here. */
    boolean append(StringBuilder text, @Nullable Object value) {
        if (value == null) {
            text.append("null");
            return true;
        }
        if (value instanceof String string) {
            text.append(string);
            return true;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class && this.integersAsText) {
            text.append(((Integer) value).intValue());
            return true;
        }
        if (type == Long.class && this.longsAsText) {
            text.append(((Long) value).longValue());
            return true;
        }
        if (value instanceof Enum<?> constant) {
            if (!this.enumsByName.get(constant.getDeclaringClass())) {
                return false;
            }
            text.append(constant.name());
            return true;
        }
        if (!this.asText.contains(type)) {
            return false;
        }
        text.append(value);
        return true;
    }

    /**
     * What SpEL's {@code +} makes of a value that is not {@code null} after a string, asking the converter; {@code null}
     * if the converter fails.
     */
    private @Nullable String spelText(Object value) {
        TypeDescriptor type = TypeDescriptor.forObject(value);
        try {
            if (this.converter.canConvert(type, STRING)) {
                return String.valueOf(this.converter.convertValue(value, type, STRING));
            }
            return String.valueOf(value);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
