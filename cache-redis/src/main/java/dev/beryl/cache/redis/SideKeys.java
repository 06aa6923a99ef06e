package dev.beryl.cache.redis;

import dev.beryl.cache.key.KeyParts;

/**
 * The keys the backend keeps beside an entry, such as its list of tags or its refresh lease:
 * {@code {key-prefix}::{kind}:{key}}, under the entry's key prefix but in a namespace that no cache key can be (a
 * cache's name is never empty). Like every key, at most 512 bytes: a long entry key is replaced by its digest there.
 */
final class SideKeys {

    private SideKeys() {
    }

    /** The key of {@code kind} beside the entry {@code entryKey}, e.g. {@code beryl::lease:beryl:products:42}. */
    static String of(String kind, String entryKey) {
        int colon = entryKey.indexOf(':');
        return KeyParts.fullKey(((colon >= 0) ? entryKey.substring(0, colon) : "") + "::" + kind, entryKey);
    }
}
