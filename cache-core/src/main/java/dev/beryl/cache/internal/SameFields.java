package dev.beryl.cache.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Which records a digest memo may remember, and how it tells that two of them have the same fields: records made
 * only of immutable scalars, whose canonical JSON, and so whose digest, is a function of their fields. Fields are
 * compared one by one, never by the record's own {@code equals}, which may ignore a field that the JSON shows.
 */
final class SameFields {

    private static final MethodHandle NOT_REMEMBERED = MethodHandles.constant(Object.class, "not remembered");

    /**
     * Per record class of immutable scalars, {@code (Object, Object) boolean}: whether two have equal fields. Static,
     * yet it pins no class: a {@code ClassValue} keeps its value in the {@code Class} it describes, so the handle
     * (which refers to that class) goes when the class and its loader are unloaded, such as the classes of a
     * restarted devtools class loader.
     */
    private static final ClassValue<MethodHandle> SAME_FIELDS = new ClassValue<>() {

        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return isScalarRecord(type) ? sameFields(type) : NOT_REMEMBERED;
        }
    };

    private static final Set<Class<?>> IMMUTABLE_SCALARS = Set.of(String.class, Character.class, Boolean.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
            BigDecimal.class, UUID.class);

    private SameFields() {
    }

    /**
     * The comparison of two values of the class, {@code (Object, Object) boolean}, or {@code null} if values of the
     * class are not remembered: not records of immutable scalars, or records whose fields cannot be read.
     */
    static @Nullable MethodHandle of(Class<?> type) {
        MethodHandle sameFields = SAME_FIELDS.get(type);
        return (sameFields != NOT_REMEMBERED) ? sameFields : null;
    }

    /** Whether two records of the class of {@code sameFields} have equal fields. */
    static boolean areSame(MethodHandle sameFields, Object one, Object other) {
        try {
            return (boolean) sameFields.invokeExact(one, other);
        }
        catch (Throwable ex) {
            // Reading a final field of a record of the handle's class cannot fail.
            throw new IllegalStateException(ex);
        }
    }

    private static boolean isScalarRecord(Class<?> type) {
        if (!type.isRecord()) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> componentType = component.getType();
            boolean immutableScalar = componentType.isPrimitive() || componentType.isEnum()
                    || IMMUTABLE_SCALARS.contains(componentType)
                    || (componentType.getPackageName().equals("java.time")
                            && Modifier.isFinal(componentType.getModifiers()));
            if (!immutableScalar) {
                return false;
            }
        }
        return true;
    }

    /**
     * One handle that compares every field of two records of the type, primitives without boxing, or
     * {@link #NOT_REMEMBERED} if the fields cannot be read (a record in a module that does not open its package).
     */
    private static MethodHandle sameFields(Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle all = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0,
                    Object.class, Object.class);
            MethodHandle differ = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0,
                    Object.class, Object.class);
            RecordComponent[] components = type.getRecordComponents();
            for (int i = components.length - 1; i >= 0; i--) {
                Field field = type.getDeclaredField(components[i].getName());
                field.setAccessible(true);
                MethodHandle equal = equality(field.getType());
                MethodHandle read = lookup.unreflectGetter(field)
                        .asType(MethodType.methodType(equal.type().parameterType(0), Object.class));
                MethodHandle sameField = MethodHandles.filterArguments(equal, 0, read, read);
                all = MethodHandles.guardWithTest(sameField, all, differ);
            }
            return all;
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return NOT_REMEMBERED;
        }
    }

    /** {@code (T, T) boolean} for a field of this type: {@code ==} for primitives, {@code equals} for objects. */
    private static MethodHandle equality(Class<?> type) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> compared = (type == byte.class || type == short.class || type == char.class) ? int.class
                : type.isPrimitive() ? type : Object.class;
        if (compared == Object.class) {
            return lookup.findStatic(Objects.class, "equals",
                    MethodType.methodType(boolean.class, Object.class, Object.class));
        }
        return lookup.findStatic(SameFields.class, "same", MethodType.methodType(boolean.class, compared, compared));
    }

    private static boolean same(int one, int other) {
        return one == other;
    }

    private static boolean same(long one, long other) {
        return one == other;
    }

    private static boolean same(boolean one, boolean other) {
        return one == other;
    }

    /** As records and {@code Double.equals} compare: {@code -0.0} is not {@code 0.0}, every NaN is NaN. */
    private static boolean same(double one, double other) {
        return Double.compare(one, other) == 0;
    }

    private static boolean same(float one, float other) {
        return Float.compare(one, other) == 0;
    }
}
