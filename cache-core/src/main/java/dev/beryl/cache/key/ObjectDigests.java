package dev.beryl.cache.key;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The digests that stand for arguments that are not scalars in a key: {@code #} and 32 hex digits of the SHA-256
 * digest of the value's kind and canonical JSON (properties and map entries sorted, the elements of a set by their
 * JSON), with a memo for records of immutable scalars.
 */
final class ObjectDigests {

    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * Digests of records made only of immutable scalars, which records of the same state share: such a record's
     * JSON is a function of its fields, so a repeated argument is digested once. A direct-mapped memo, not a cache
     * with a policy: a slot holds the last record hashed to it, so that remembering costs one small object and
     * one store (a miss with a new record pays for its digest, not for a cache's bookkeeping as well) and a
     * collision only means digesting again. Slots are written without locks; each holds an immutable pair. A slot
     * is found by the record's {@code hashCode} but matched by comparing the fields themselves, never by the
     * record's own {@code equals}, which may ignore a field that the JSON, and so the key, shows.
     */
    private static final DigestSlot[] RECORD_DIGESTS = new DigestSlot[8192];

    private static final MethodHandle NOT_REMEMBERED = MethodHandles.constant(Object.class, "not remembered");

    /** Per record class of immutable scalars, {@code (Object, Object) boolean}: whether two have equal fields. */
    private static final ClassValue<MethodHandle> SAME_FIELDS = new ClassValue<>() {

        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return isScalarRecord(type) ? sameFields(type) : NOT_REMEMBERED;
        }
    };

    private static final Set<Class<?>> IMMUTABLE_SCALARS = Set.of(String.class, Character.class, Boolean.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
            BigDecimal.class, UUID.class);

    private ObjectDigests() {
    }

    static String digest(Object value) {
        MethodHandle sameFields = SAME_FIELDS.get(value.getClass());
        if (sameFields == NOT_REMEMBERED) {
            return computeDigest(value);
        }
        int slot = spread(value.hashCode()) & (RECORD_DIGESTS.length - 1);
        DigestSlot remembered = RECORD_DIGESTS[slot];
        if (remembered != null && remembered.record.getClass() == value.getClass()
                && same(sameFields, remembered.record, value)) {
            return remembered.digest;
        }
        String digest = computeDigest(value);
        RECORD_DIGESTS[slot] = new DigestSlot(value, digest);
        return digest;
    }

    private static boolean same(MethodHandle sameFields, Object one, Object other) {
        try {
            return (boolean) sameFields.invokeExact(one, other);
        }
        catch (Throwable ex) {
            // Reading a final field of a record of the handle's class cannot fail.
            throw new IllegalStateException(ex);
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** A record and its digest. */
    private record DigestSlot(Object record, String digest) {
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
        return lookup.findStatic(ObjectDigests.class, "same", MethodType.methodType(boolean.class, compared, compared));
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

    private static String computeDigest(Object value) {
        MessageDigest sha256 = KeyParts.sha256();
        sha256.update(kind(value).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        byte[] hash = sha256.digest(canonicalJson(value));
        return "#" + KeyParts.HEX.formatHex(hash, 0, KeyParts.DIGEST_BYTES);
    }

    private static String kind(Object value) {
        if (value instanceof List<?>) {
            return "java.util.List";
        }
        if (value instanceof Set<?>) {
            return "java.util.Set";
        }
        if (value instanceof Map<?, ?> map) {
            // JSON turns every map key into a string: name the key types so that {1: x} and {"1": x} differ.
            TreeSet<String> keyTypes = new TreeSet<>();
            map.keySet().forEach((key) -> keyTypes.add((key != null) ? key.getClass().getName() : "null"));
            return "java.util.Map" + keyTypes;
        }
        return value.getClass().getName();
    }

    private static byte[] canonicalJson(Object value) {
        if (value instanceof Set<?> set) {
            List<String> elements = new ArrayList<>(set.size());
            for (Object element : set) {
                elements.add(CANONICAL_JSON.writeValueAsString(element));
            }
            Collections.sort(elements);
            return String.join(",", elements).getBytes(StandardCharsets.UTF_8);
        }
        return CANONICAL_JSON.writeValueAsBytes(value);
    }
}
