package dev.beryl.cache.spring.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Each load is a {@code beryl.cache.load} observation, tagged with its cache, backend and result; hits are not. */
class LoadObservationTests {

    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(ObservationRegistry.class, this::registry)
            .withBean(MeteredCatalogue.class);

    private ObservationRegistry registry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {

            @Override
            public void onStop(Observation.Context context) {
                LoadObservationTests.this.stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return registry;
    }

    @Test
    void loadsAreObserved_withCacheBackendAndResult_andHitsAreNot() {
        this.contextRunner.run((context) -> {
            MeteredCatalogue catalogue = context.getBean(MeteredCatalogue.class);
            catalogue.item(1);
            catalogue.item(1);
            assertThatIllegalArgumentException().isThrownBy(() -> catalogue.item(-1));

            assertThat(this.stopped).hasSize(2).allSatisfy((observation) -> {
                assertThat(observation.getName()).isEqualTo("beryl.cache.load");
                assertThat(observation.getLowCardinalityKeyValues()).contains(KeyValue.of("cache", "items"),
                        KeyValue.of("backend", "memory"));
            });
            assertThat(this.stopped.get(0).getLowCardinalityKeyValue("result").getValue()).isEqualTo("success");
            assertThat(this.stopped.get(1).getLowCardinalityKeyValue("result").getValue()).isEqualTo("failure");
            assertThat(this.stopped.get(1).getError()).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void aFutureLoad_isObservedUntilTheFutureCompletes() {
        this.contextRunner.run((context) -> {
            MeteredCatalogue catalogue = context.getBean(MeteredCatalogue.class);
            assertThat(catalogue.futureItem(2).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("future item 2");
            assertThat(catalogue.futureItem(2).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("future item 2");
            assertThat(this.stopped).singleElement().satisfies((observation) -> {
                assertThat(observation.getLowCardinalityKeyValue("cache").getValue()).isEqualTo("futureItems");
                assertThat(observation.getLowCardinalityKeyValue("result").getValue()).isEqualTo("success");
            });
        });
    }
}
