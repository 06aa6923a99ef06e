package dev.beryl.cache;

/**
 * Names tags. A tag groups entries across caches, such as every entry that shows product 42; invalidating the tag
 * removes them all. Backends store a tag under its id, {@code {key-prefix}::tag:{tag}}, which no cache key can be
 * since a cache name is never empty.
 */
public final class Tags {

    private Tags() {
    }

    /** The id of a tag under a key prefix: {@code beryl::tag:product:42}. */
    public static String id(String keyPrefix, String tag) {
        return keyPrefix + "::tag:" + tag;
    }
}
