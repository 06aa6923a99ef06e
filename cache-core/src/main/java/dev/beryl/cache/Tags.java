package dev.beryl.cache;

import dev.beryl.cache.key.KeyParts;

/**
 * Names tags. A tag groups entries across caches, such as every entry that shows product 42; invalidating the tag
 * removes them all. Backends store a tag under its id, {@code {key-prefix}::tag:{tag}}, which no cache key can be
 * since a cache name is never empty. Like every key, an id is at most {@value KeyParts#MAX_KEY_BYTES} bytes: a tag
 * too long for that, or with a control character, is replaced by its digest as {@link KeyParts#fullKey} says.
 */
public final class Tags {

    private Tags() {
    }

    /** The id of a tag under a key prefix: {@code beryl::tag:product:42}. */
    public static String id(String keyPrefix, String tag) {
        return KeyParts.fullKey(keyPrefix + "::tag", tag);
    }
}
