package dev.beryl.cache.spring.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What Beryl reflects on by itself: the entry of a cached handler and the stored form of a {@code ResponseEntity},
 * which Jackson writes to and reads from Redis.
 */
public final class BerylRuntimeHints implements RuntimeHintsRegistrar {

    /** Types that Jackson builds and reads through their constructors and accessors. */
    static final String[] SERIALIZED = { "dev.beryl.cache.spring.internal.CachedResponse",
            "dev.beryl.cache.spring.internal.ResponseEntityJacksonModule$StoredResponse" };

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String type : SERIALIZED) {
            hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                    MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
        }
    }
}
