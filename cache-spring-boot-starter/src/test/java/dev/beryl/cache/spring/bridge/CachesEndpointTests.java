package dev.beryl.cache.spring.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/caches} lists the caches of the bridge, over real HTTP. */
class CachesEndpointTests {

    @Test
    void actuatorCaches_listsTheBridgesCaches() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "beryl.cache.spring-cache-manager.enabled=true",
                        "management.endpoints.web.exposure.include=caches", "spring.security.user.name=admin",
                        "spring.security.user.password=secret")
                .run()) {
            context.getBean(LegacyCatalogue.class).legacy(1);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String basic = Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> caches = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                    .newBuilder(URI.create("http://localhost:" + port + "/actuator/caches"))
                    .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(caches.statusCode()).isEqualTo(200);
            assertThat(caches.body()).contains("\"cacheManager\"", "\"legacy\"", "\"slow\"", "InMemoryCacheBackend");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    @Import(LegacyCatalogue.class)
    static class Application {
    }
}
