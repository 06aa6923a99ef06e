package dev.beryl.cache.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache meters on the in-memory backend. */
class InMemoryCacheMetricsTests extends CacheMetricsContract {

    @Override
    String[] backend() {
        return new String[] { "beryl.cache.default-backend=memory" };
    }

    @Override
    String backendName() {
        return "memory";
    }

    @Test
    void entriesEvictedForSize_areCounted_andTheSizeIsAGauge() {
        this.contextRunner.withPropertyValues("beryl.cache.memory.max-entries=2").run((context) -> {
            MeteredCatalogue catalogue = context.getBean(MeteredCatalogue.class);
            for (long id = 1; id <= 10; id++) {
                catalogue.item(id);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(counter(registry, "cache.evictions")).isGreaterThanOrEqualTo(8);
            assertThat(registry.get("beryl.cache.memory.size").tag("backend", "memory").gauge().value())
                    .isLessThanOrEqualTo(2);
        });
    }

    @Test
    void withoutAMeterRegistry_nothingIsBound_andCachingWorks() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
                        .of(dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration.class))
                .withBean(MeteredCatalogue.class).run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MeteredCatalogue.class).item(3)).isEqualTo("item 3");
                });
    }
}
