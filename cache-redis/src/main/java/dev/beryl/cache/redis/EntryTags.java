package dev.beryl.cache.redis;

import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tags of one entry, as the Redis backend keeps them beside it: a JSON array of tag ids under
 * {@code {key-prefix}::entry-tags:{key}}, whatever codec the values use.
 */
final class EntryTags {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<LinkedHashSet<String>> TAGS = new TypeReference<>() {
    };

    private EntryTags() {
    }

    /**
     * Where the tags of an entry are kept: {@code {key-prefix}::entry-tags:{key}} ({@link SideKeys}), which no cache
     * key or tag id can be.
     */
    static String key(String entryKey) {
        return SideKeys.of("entry-tags", entryKey);
    }

    static byte[] encode(Set<String> tags) {
        return JSON.writeValueAsBytes(tags);
    }

    /** The tags in {@code bytes}; none if the bytes are not a list of tags, which only costs their renewal. */
    static Set<String> decode(byte[] bytes) {
        try {
            Set<String> tags = JSON.readValue(bytes, TAGS);
            return (tags != null) ? tags : Set.of();
        }
        catch (RuntimeException ex) {
            return Set.of();
        }
    }

    static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return all;
    }
}
