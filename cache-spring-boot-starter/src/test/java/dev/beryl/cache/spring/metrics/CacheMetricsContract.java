package dev.beryl.cache.spring.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The meters of a cache after a known sequence of calls, on each backend. */
abstract class CacheMetricsContract {

    final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(MeteredCatalogue.class)
            .withPropertyValues(backend());

    /** The properties that choose the backend under test. */
    abstract String[] backend();

    /** The backend's name, as the meters are tagged. */
    abstract String backendName();

    static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tag("cache", "items").tags(tags).functionCounter().count();
    }

    @Test
    void hitsMissesLoadsPutsAndRemovals_areCountedPerCache() {
        this.contextRunner.run((context) -> {
            MeteredCatalogue catalogue = context.getBean(MeteredCatalogue.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            catalogue.item(1);
            catalogue.item(1);
            catalogue.item(2);
            assertThatIllegalArgumentException().isThrownBy(() -> catalogue.item(-1));
            catalogue.remove(1);
            catalogue.item(1);

            assertThat(counter(registry, "cache.gets", "result", "hit")).isEqualTo(1);
            assertThat(counter(registry, "cache.gets", "result", "miss")).isEqualTo(4);
            assertThat(counter(registry, "cache.puts")).isEqualTo(3);
            assertThat(counter(registry, "cache.removals")).isEqualTo(1);
            FunctionTimer success = registry.get("cache.load").tag("cache", "items").tag("result", "success")
                    .functionTimer();
            FunctionTimer failure = registry.get("cache.load").tag("cache", "items").tag("result", "failure")
                    .functionTimer();
            assertThat(success.count()).isEqualTo(3);
            assertThat(failure.count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("cache", "items").tag("backend", backendName()).meters())
                    .hasSize(2);
            assertThat(counter(registry, "beryl.cache.errors", "kind", "timeout")).isZero();
            assertThat(counter(registry, "beryl.cache.errors", "kind", "connection")).isZero();
        });
    }

    @Test
    void aCacheFirstUsedThroughTheApi_getsMetersToo() {
        this.contextRunner.run((context) -> {
            dev.beryl.cache.spring.CacheOperations operations = context
                    .getBean(dev.beryl.cache.spring.CacheOperations.class);
            operations.put("later", 1, "one");
            assertThat(operations.get("later", 1, String.class).value()).isEqualTo("one");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("cache.puts").tag("cache", "later").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("cache", "later").tag("result", "hit").functionCounter()
                    .count()).isEqualTo(1);
        });
    }
}
