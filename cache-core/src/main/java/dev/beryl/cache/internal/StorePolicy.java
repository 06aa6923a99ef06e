package dev.beryl.cache.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.Tags;

/**
 * Decides, once the method has run, whether its result is stored and with which tags.
 */
@FunctionalInterface
public interface StorePolicy {

    /** Store every result, without tags. */
    StorePolicy ALWAYS = (result) -> Set.of();

    /**
     * The tags to store {@code result} with (full tag ids, see {@link Tags#id}), empty for none, or {@code null}
     * to not store it at all.
     */
    @Nullable Set<String> tagsFor(@Nullable Object result);
}
