package dev.beryl.cache.memory;

import dev.beryl.cache.CacheLookup;

/**
 * What a key holds: its lookup, built once so that a hit allocates nothing, and the time it expires at, on the
 * backend's ticker. Compared by identity, so that a replaced entry and its successor are never confused.
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
}
