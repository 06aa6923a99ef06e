package dev.beryl.cache.memory;

import dev.beryl.cache.CacheLookup;

/**
 * What a key of the {@link InMemoryCacheBackend} holds: its lookup, built once so that a hit allocates nothing, and
 * the time it expires at, on the backend's ticker. Compared by identity, so that a replaced entry and its successor
 * are never confused.
 */
class Entry {

    final CacheLookup lookup;

    final long expiresAt;

    Entry(CacheLookup lookup, long expiresAt) {
        this.lookup = lookup;
        this.expiresAt = expiresAt;
    }

    /** Whether the entry is still alive at {@code now}; compared by difference, so that ticker values may wrap. */
    final boolean isAlive(long now) {
        return now - this.expiresAt < 0;
    }

    /** An entry with tags, and its key, to remove it by tag. */
    static final class Tagged extends Entry {

        final Object key;

        final String[] tags;

        Tagged(Object key, CacheLookup lookup, long expiresAt, String[] tags) {
            super(lookup, expiresAt);
            this.key = key;
            this.tags = tags;
        }
    }
}
