package dev.beryl.cache.spring.bridge;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge on the in-memory backend. */
class SpringCacheBridgeInMemoryTests extends SpringCacheBridgeContract {

    private final AtomicReference<InMemoryCacheBackend> memory = new AtomicReference<>();

    @Override
    String[] backend() {
        return new String[] { "beryl.cache.default-backend=memory" };
    }

    @Override
    String stored(String key) {
        dev.beryl.cache.CacheLookup lookup = this.memory.get().getSync(key, Object.class);
        return lookup.isHit() ? String.valueOf(lookup.value()) : null;
    }

    @Override
    @Test
    void cacheable_storesUnderBerylsKey_andAnswersFromIt() {
        this.contextRunner.run((context) -> this.memory.set(context.getBean(InMemoryCacheBackend.class)));
        this.contextRunner.run((context) -> {
            this.memory.set(context.getBean(InMemoryCacheBackend.class));
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            catalogue.legacy(5);
            catalogue.legacy(5);
            assertThat(catalogue.calls()).isEqualTo(1);
            assertThat(stored("beryl:legacy:5")).contains("item 5 #1");
        });
    }

    @Override
    @Test
    void cachePut_replaces_andCacheEvict_removes() {
        this.contextRunner.run((context) -> {
            this.memory.set(context.getBean(InMemoryCacheBackend.class));
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            catalogue.legacy(6);
            catalogue.save(new LegacyCatalogue.Item(6, "renamed"));
            assertThat(catalogue.legacy(6)).isEqualTo(new LegacyCatalogue.Item(6, "renamed"));
            catalogue.remove(6);
            assertThat(catalogue.legacy(6).name()).isEqualTo("item 6 #2");
            catalogue.legacy(7);
            catalogue.removeAll();
            assertThat(stored("beryl:legacy:7")).isNull();
        });
    }
}
