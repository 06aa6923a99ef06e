package dev.beryl.cache.examples;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's handlers that depend on who asks, over real HTTP with its two users: {@code PRINCIPAL}, the default
 * scope for signed-in requests, {@code vary}, {@code Cache-Status} and ETags.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "catalogue.latency=0ms")
class SafeHandlersIntegrationTests extends CatalogueHttp {

    private static String[] as(String user) {
        String credentials = user + ":" + user + "-password";
        return new String[] { "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) };
    }

    @Test
    void recommendations_areCachedPerUser_andNeverServedToAnother() throws Exception {
        long before = calls("recommendationsFor");
        HttpResponse<String> alice = get("/me/recommendations", as("alice"));
        HttpResponse<String> bob = get("/me/recommendations", as("bob"));
        assertThat(alice.body()).contains("\"user\":\"alice\"");
        assertThat(bob.body()).contains("\"user\":\"bob\"").doesNotContain("alice");
        assertThat(get("/me/recommendations", as("alice")).body()).isEqualTo(alice.body());
        HttpResponse<String> bobAgain = get("/me/recommendations", as("bob"));
        assertThat(bobAgain.body()).isEqualTo(bob.body());
        assertThat(bobAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("beryl; hit; ttl=");
        assertThat(get("/me/recommendations").body()).contains("\"user\":\"anonymous\"");
        assertThat(calls("recommendationsFor")).isEqualTo(before + 3);
    }

    @Test
    void signedInRequests_toAHandlerWithTheDefaultScope_bypassTheCache() throws Exception {
        long before = calls("findById");
        get("/products/5");
        HttpResponse<String> alice = get("/products/5", as("alice"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=bypass");
        assertThat(get("/products/5").headers().firstValue("Cache-Status").orElseThrow()).startsWith("beryl; hit");
        assertThat(calls("findById")).isEqualTo(before + 2);
    }

    @Test
    void description_hasAnEntryPerLanguage() throws Exception {
        long before = calls("description");
        assertThat(get("/products/4/description", "Accept-Language", "de").body()).contains("ein Artikel");
        assertThat(get("/products/4/description", "Accept-Language", "en").body()).contains("an item");
        assertThat(get("/products/4/description", "Accept-Language", "de").body()).contains("ein Artikel");
        assertThat(calls("description")).isEqualTo(before + 2);
    }

    @Test
    void aMatchingIfNoneMatch_isANotModified_fromTheCache() throws Exception {
        HttpResponse<String> first = get("/products/7");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        long before = calls("findById");
        HttpResponse<String> notModified = get("/products/7", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(calls("findById")).isEqualTo(before);
    }

    @Test
    void actuator_showsTheCachesTheirHitsAndTheBackendsHealth() throws Exception {
        get("/products/6");
        get("/products/6");
        HttpResponse<String> caches = get("/actuator/beryl");
        assertThat(caches.statusCode()).isEqualTo(200);
        assertThat(caches.body()).contains("\"name\":\"ProductController.product\"", "\"name\":\"recommendations\"",
                "\"@Cached ProductController.product(long)\"");
        assertThat(caches.body()).containsPattern("\"name\":\"ProductController.product\"[^}]*\"hits\":[1-9]");
        HttpResponse<String> metric = get("/actuator/metrics/cache.gets?tag=cache:ProductController.product&tag=result:hit");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"name\":\"cache.gets\"");
        assertThat(get("/actuator/health").body()).contains("\"beryl\":");
    }
}
