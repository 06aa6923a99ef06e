package dev.beryl.cache.internal;

import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The digests that stand for values that are not scalars in a key: {@code #} and 32 hex digits of the SHA-256
 * digest of the value's kind and canonical JSON (properties and map entries sorted, the elements of a set by their
 * JSON), optionally with a memo for records of immutable scalars.
 * <p>
 * Both what remembers user classes, the memo and the JSON mapper (which keeps a serializer per class it wrote),
 * belong to the instance, so that they go with whoever owns it, such as an application context.
 */
final class ObjectDigests {

    private static final int MEMO_SLOTS = 8192;

    /**
     * Digests of records made only of immutable scalars, which records of the same state share: such a record's
     * JSON is a function of its fields, so a repeated argument is digested once. A direct-mapped memo, not a cache
     * with a policy: a slot holds the last record hashed to it, so that remembering costs one small object and
     * one store (a miss with a new record pays for its digest, not for a cache's bookkeeping as well) and a
     * collision only means digesting again. Slots are written without locks; each holds an immutable pair. A slot
     * is found by the record's {@code hashCode} but matched by comparing the fields themselves ({@link SameFields}),
     * never by the record's own {@code equals}, which may ignore a field that the JSON, and so the key, shows.
     * {@code null} for digests without a memo.
     */
    private final @Nullable DigestSlot @Nullable [] memo;

    /** Built on the first digest, since most keys have none; a race builds two mappers that write the same JSON. */
    private volatile @Nullable JsonMapper canonicalJson;

    private ObjectDigests(boolean remember) {
        this.memo = remember ? new DigestSlot[MEMO_SLOTS] : null;
    }

    /** Digests with a memo of records, which holds on to the last records digested (one per slot). */
    static ObjectDigests withMemo() {
        return new ObjectDigests(true);
    }

    /** Digests that remember no value. */
    static ObjectDigests withoutMemo() {
        return new ObjectDigests(false);
    }

    String digest(Object value) {
        @Nullable DigestSlot[] slots = this.memo;
        MethodHandle sameFields = (slots != null) ? SameFields.of(value.getClass()) : null;
        if (slots == null || sameFields == null) {
            return computeDigest(value);
        }
        int slot = spread(value.hashCode()) & (slots.length - 1);
        DigestSlot remembered = slots[slot];
        if (remembered != null && remembered.record.getClass() == value.getClass()
                && SameFields.areSame(sameFields, remembered.record, value)) {
            return remembered.digest;
        }
        String digest = computeDigest(value);
        slots[slot] = new DigestSlot(value, digest);
        return digest;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** A record and its digest. */
    private record DigestSlot(Object record, String digest) {
    }

    private String computeDigest(Object value) {
        MessageDigest sha256 = KeyRenderer.sha256();
        sha256.update(kind(value).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        byte[] hash = sha256.digest(canonicalJson(value));
        return "#" + KeyRenderer.HEX.formatHex(hash, 0, KeyRenderer.DIGEST_BYTES);
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

    private byte[] canonicalJson(Object value) {
        JsonMapper json = mapper();
        if (value instanceof Set<?> set) {
            List<String> elements = new ArrayList<>(set.size());
            for (Object element : set) {
                elements.add(json.writeValueAsString(element));
            }
            Collections.sort(elements);
            return String.join(",", elements).getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(value);
    }

    private JsonMapper mapper() {
        JsonMapper json = this.canonicalJson;
        if (json == null) {
            json = JsonMapper.builder()
                    .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .build();
            this.canonicalJson = json;
        }
        return json;
    }
}
