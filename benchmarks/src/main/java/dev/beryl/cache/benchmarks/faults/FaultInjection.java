package dev.beryl.cache.benchmarks.faults;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Adds a custom backend that can be made slow or hang, {@code faultyBackend}, and an endpoint that switches it, to an
 * application that is started with this class as an extra source. {@code benchmarks/faults.sh} starts the example
 * catalogue this way, with {@code --spring.main.sources=dev.beryl.cache.benchmarks.faults.FaultInjection} and
 * {@code --beryl.cache.default-backend=faultyBackend}, so that the example application itself is unchanged:
 * <pre>
 * curl -X POST 'localhost:8080/fault?mode=slow&amp;delay=1s'   # every backend operation takes 1 s
 * curl -X POST 'localhost:8080/fault?mode=hang'               # no backend operation ever completes
 * curl -X POST 'localhost:8080/fault?mode=normal'
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@Import(FaultEndpoint.class)
public class FaultInjection {

    @Bean
    FaultyCacheBackend faultyBackend() {
        return new FaultyCacheBackend();
    }
}
