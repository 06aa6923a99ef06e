package dev.beryl.cache.spring.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.spring.CacheOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What writes do to caches whose entries depend on the request, over real HTTP on the memory backend: put-through
 * and invalidation by key under a scope or {@code vary}, error responses and ETags, what {@code Cache-Status} says of
 * a store, and credentials in {@code vary} headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedWritesTests {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ConfigurableApplicationContext context;

    private int port;

    @BeforeAll
    void start() {
        this.context = new SpringApplicationBuilder(ScopedWritesApplication.class)
                .properties("server.port=0", "beryl.cache.default-backend=memory",
                        "beryl.cache.http.cache-status-header=true", "beryl.cache.http.cache-error-responses=true",
                        "spring.main.banner-mode=off")
                .run();
        this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (this.context != null) {
            this.context.close();
        }
    }

    private ScopedWritesApplication.Handlers handlers() {
        return this.context.getBean(ScopedWritesApplication.Handlers.class);
    }

    private HttpResponse<String> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] as(String user) {
        String credentials = user + ":" + user + "-secret";
        return new String[] { "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) };
    }

    private static String cacheStatus(HttpResponse<?> response) {
        return response.headers().firstValue("Cache-Status").orElse("(none)");
    }

    /**
     * Under AUTO a signed-in request "neither reads nor writes the shared entry". A {@code @CachePut} on a handler
     * ignores the scope: alice's PUT writes her private view (IBAN) into the shared entry that anonymous GETs read.
     */
    @Test
    void cachePutDuringAuthenticatedRequest_mustNotWriteTheSharedEntryThatAnonymousCallersRead() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/acct/1");
        assertThat(anonymous.body()).contains("\"owner\":\"public\"");
        HttpResponse<String> put = send("PUT", "/acct/1", as("alice"));
        assertThat(put.body()).contains("IBAN-OF-ALICE");

        HttpResponse<String> later = send("GET", "/acct/1");
        assertThat(later.body()).as("an anonymous GET after alice's PUT").doesNotContain("IBAN-OF-ALICE");
    }

    /**
     * Invalidation by key must reach the entries a {@code vary} handler stores: after the POST invalidates key 5,
     * a German GET must not get the German answer stored before.
     */
    @Test
    void invalidateByKey_mustReachTheEntriesOfEveryVaryValue() throws Exception {
        assertThat(send("GET", "/greet/5", "Accept-Language", "de").body()).isEqualTo("Hallo 5 v1");
        send("POST", "/greet/5");
        int calls = handlers().calls("greet");
        HttpResponse<String> after = send("GET", "/greet/5", "Accept-Language", "de");
        assertThat(after.body()).as("German answer after the invalidation of key 5 (%s)", cacheStatus(after))
                .isNotEqualTo("Hallo 5 v1");
        assertThat(handlers().calls("greet")).isEqualTo(calls + 1);
    }

    /** The same for PRINCIPAL: alice's entry survives an invalidation of its key. */
    @Test
    void invalidateByKey_mustReachEveryUsersEntry() throws Exception {
        String before = send("GET", "/mine/9", as("alice")).body();
        assertThat(before).startsWith("alice 9 v");
        send("POST", "/mine/9");
        HttpResponse<String> after = send("GET", "/mine/9", as("alice"));
        assertThat(after.body()).as("alice's answer after the invalidation of key 9 (%s)", cacheStatus(after))
                .isNotEqualTo(before);
    }

    /**
     * RFC 9110 section 13.2.1: preconditions are ignored when the response would not be 2xx. With
     * cache-error-responses=true, a stored 503 that carries its own ETag is turned into a 304.
     */
    @Test
    void errorResponse_isNeverAnswered304() throws Exception {
        HttpResponse<String> first = send("GET", "/down/1");
        assertThat(first.statusCode()).isEqualTo(503);
        HttpResponse<String> conditional = send("GET", "/down/1", "If-None-Match", "\"e1\"");
        assertThat(conditional.statusCode()).as("a conditional GET of a cached 503").isEqualTo(503);
    }

    /**
     * A load whose key is invalidated while it runs does not store (invalidation is a barrier), yet its answer
     * says {@code Cache-Status: beryl; fwd=miss; stored}.
     */
    @Test
    void cacheStatus_saysStoredOnlyWhenTheEntryWasStored() throws Exception {
        ScopedWritesApplication.Handlers handlers = handlers();
        CountDownLatch[] latches = handlers.armSlow();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return send("GET", "/slow/3");
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(latches[0].await(10, TimeUnit.SECONDS)).isTrue();
        this.context.getBean(CacheOperations.class).invalidate("slow", 3L);
        latches[1].countDown();
        HttpResponse<String> loaded = first.get(20, TimeUnit.SECONDS);

        HttpResponse<String> next = send("GET", "/slow/3");
        boolean wasStored = handlers.calls("slow") == 1;
        assertThat(wasStored).as("the fenced load stored nothing (next: %s)", cacheStatus(next)).isFalse();
        assertThat(cacheStatus(loaded)).as("Cache-Status of the load that did not store")
                .isEqualTo("beryl; fwd=miss");
    }

    /**
     * "Keys carry no secrets": only Authorization, Proxy-Authorization and Cookie are digested; a vary on another
     * credential header (an API key) writes the credential into the key, into Redis key names and into events/logs.
     */
    @Test
    void varyOnACredentialHeader_mustNotPutTheCredentialIntoTheKey() throws Exception {
        assertThat(send("GET", "/client/1", "X-Api-Key", "sk_live_SECRET123").body()).isEqualTo("client 1");
        assertThat(ScopedWritesApplication.EVENT_KEYS).isNotEmpty();
        assertThat(ScopedWritesApplication.EVENT_KEYS).noneMatch((key) -> key.contains("sk_live_SECRET123"));
    }
}
