package dev.beryl.cache.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What a cache with stale windows stores: the value and, beside it, until when it is fresh. The backend keeps the
 * entry for its ttl plus the longest window; Redis holds it as readable JSON,
 * {@code {"value":{...},"freshUntil":1767225600000}}.
 *
 * @param value the cached value, possibly {@code null}
 * @param freshUntil until when the value is fresh, in milliseconds since the epoch, on the clock of the instance that
 * stored it
 * @param <T> the type of the value
 */
public record StaleableEntry<T>(@Nullable T value, long freshUntil) {

    /** The generic type of entries holding values of {@code valueType}, for a backend that decodes bytes by type. */
    public static Type typeOf(Type valueType) {
        return new EntryType(valueType);
    }

    /** {@code StaleableEntry<valueType>}, equal to any other {@link ParameterizedType} of the same. */
    private record EntryType(Type valueType) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] { this.valueType };
        }

        @Override
        public Type getRawType() {
            return StaleableEntry.class;
        }

        @Override
        public @Nullable Type getOwnerType() {
            return null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType that && that.getRawType() == StaleableEntry.class
                    && that.getOwnerType() == null
                    && Arrays.equals(that.getActualTypeArguments(), getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(getActualTypeArguments()) ^ StaleableEntry.class.hashCode();
        }

        @Override
        public String getTypeName() {
            return StaleableEntry.class.getName() + "<" + this.valueType.getTypeName() + ">";
        }

        @Override
        public String toString() {
            return getTypeName();
        }
    }
}
