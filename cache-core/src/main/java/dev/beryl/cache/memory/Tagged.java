package dev.beryl.cache.memory;

import dev.beryl.cache.CacheLookup;

/** An entry with tags, and its key, to remove it by tag. */
final class Tagged extends Entry {

    final Object key;

    final String[] tags;

    Tagged(Object key, CacheLookup lookup, long expiresAt, String[] tags) {
        super(lookup, expiresAt);
        this.key = key;
        this.tags = tags;
    }
}
