package dev.beryl.cache.spring.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cached handlers over real HTTP, with Spring Security and two real users: who shares an entry, what is never
 * stored, {@code Cache-Status}, and ETags with {@code 304}. Each backend runs the same requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpCachingContract {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ConfigurableApplicationContext context;

    private int port;

    /** The properties that choose and configure the backend under test. */
    abstract List<String> backend();

    @BeforeAll
    void start() {
        List<String> properties = new ArrayList<>(backend());
        properties.add("server.port=0");
        properties.add("beryl.cache.http.cache-status-header=true");
        properties.add("spring.main.banner-mode=off");
        this.context = new SpringApplicationBuilder(HttpCachingApplication.class)
                .properties(properties.toArray(String[]::new)).run();
        this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (this.context != null) {
            this.context.close();
        }
    }

    int calls(String handler) {
        return this.context.getBean(HttpCachingApplication.Handlers.class).calls(handler);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String[] as(String user) {
        String credentials = user + ":" + user + "-secret";
        return new String[] { "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) };
    }

    static String cacheStatus(HttpResponse<?> response) {
        return response.headers().firstValue("Cache-Status").orElse("(none)");
    }

    @Test
    void aStaleAnswer_isAHitWhoseTtlLeavesTheWindowOut_andTheEntryIsRefreshed() throws Exception {
        for (String path : List.of("/stale/1", "/async/stale/1")) {
            HttpResponse<String> first = get(path);
            assertThat(cacheStatus(first)).isEqualTo("beryl; fwd=miss; stored");
            assertThat(cacheStatus(get(path))).matches("beryl; hit; ttl=(59|60)");
        }
        HttpCachingApplication.CLOCK.advance(Duration.ofSeconds(70));
        for (String path : List.of("/stale/1", "/async/stale/1")) {
            HttpResponse<String> stale = get(path);
            assertThat(stale.body()).contains("\"stale v1\"");
            // The ttl counts on the wall clock, which this test does not move (CachedResponseTests shows a stale
            // entry's negative ttl); an entry kept for its stale window after the ttl does not count the window.
            assertThat(cacheStatus(stale)).matches("beryl; hit; ttl=(59|60)");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calls("stale") == 2 && calls("asyncStale") == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/stale/1").body().contains("\"stale v2\"")
                && get("/async/stale/1").body().contains("\"stale v2\""));
    }

    @Test
    void auto_anonymousRequestsShare_authenticatedOnesNeitherReadNorWrite() throws Exception {
        HttpResponse<String> first = get("/auto/profile/1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"user\":\"anonymous\"");
        assertThat(cacheStatus(first)).isEqualTo("beryl; fwd=miss; stored");
        HttpResponse<String> again = get("/auto/profile/1");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(cacheStatus(again)).matches("beryl; hit; ttl=(59|60)");
        assertThat(calls("autoProfile")).isEqualTo(1);

        // A user with an Authorization header is answered by the method, each time, and stores nothing.
        HttpResponse<String> alice = get("/auto/profile/1", as("alice"));
        assertThat(alice.body()).contains("\"user\":\"alice\"");
        assertThat(cacheStatus(alice)).isEqualTo("beryl; fwd=bypass");
        assertThat(get("/auto/profile/1", as("alice")).body()).contains("\"user\":\"alice\"", "\"call\":3");
        // A principal without an Authorization header (a session, say) is bypassed too.
        HttpResponse<String> bob = get("/auto/profile/1", "X-Test-User", "bob");
        assertThat(bob.body()).contains("\"user\":\"bob\"");
        assertThat(cacheStatus(bob)).isEqualTo("beryl; fwd=bypass");
        // An Authorization header that Spring Security does not turn into a principal is bypassed as well.
        HttpResponse<String> bearer = get("/auto/profile/1", "Authorization", "Bearer some-token");
        assertThat(cacheStatus(bearer)).isEqualTo("beryl; fwd=bypass");
        assertThat(calls("autoProfile")).isEqualTo(5);

        // None of them wrote the shared entry.
        assertThat(get("/auto/profile/1").body()).isEqualTo(first.body());
        assertThat(calls("autoProfile")).isEqualTo(5);
    }

    @Test
    void principal_eachUserHasTheirOwnEntry_andNeverSeesAnothersBody() throws Exception {
        HttpResponse<String> alice = get("/principal/profile/7", as("alice"));
        assertThat(alice.body()).contains("\"user\":\"alice\"");
        assertThat(cacheStatus(alice)).isEqualTo("beryl; fwd=miss; stored");
        HttpResponse<String> bob = get("/principal/profile/7", as("bob"));
        assertThat(bob.body()).contains("\"user\":\"bob\"").doesNotContain("alice");
        assertThat(cacheStatus(bob)).isEqualTo("beryl; fwd=miss; stored");
        HttpResponse<String> anonymous = get("/principal/profile/7");
        assertThat(anonymous.body()).contains("\"user\":\"anonymous\"");

        HttpResponse<String> aliceAgain = get("/principal/profile/7", as("alice"));
        assertThat(aliceAgain.body()).isEqualTo(alice.body());
        assertThat(cacheStatus(aliceAgain)).startsWith("beryl; hit");
        assertThat(get("/principal/profile/7", as("bob")).body()).isEqualTo(bob.body());
        assertThat(get("/principal/profile/7", "X-Test-User", "bob").body()).isEqualTo(bob.body());
        assertThat(get("/principal/profile/7").body()).isEqualTo(anonymous.body());
        assertThat(calls("principalProfile")).isEqualTo(3);

        // Someone Beryl cannot see is never given the anonymous entry.
        HttpResponse<String> bearer = get("/principal/profile/7", "Authorization", "Bearer some-token");
        assertThat(cacheStatus(bearer)).isEqualTo("beryl; fwd=bypass");
        assertThat(calls("principalProfile")).isEqualTo(4);
        assertThat(get("/principal/profile/7").body()).isEqualTo(anonymous.body());
    }

    @Test
    void shared_oneEntryForEveryone() throws Exception {
        HttpResponse<String> alice = get("/shared/profile/3", as("alice"));
        assertThat(get("/shared/profile/3", as("bob")).body()).isEqualTo(alice.body());
        assertThat(get("/shared/profile/3").body()).isEqualTo(alice.body());
        assertThat(calls("sharedProfile")).isEqualTo(1);
    }

    @Test
    void vary_keepsLanguagesApart() throws Exception {
        assertThat(get("/greeting/1", "Accept-Language", "de").body()).isEqualTo("Hallo 1");
        assertThat(get("/greeting/1", "Accept-Language", "en").body()).isEqualTo("Hello 1");
        assertThat(get("/greeting/1", "Accept-Language", "de").body()).isEqualTo("Hallo 1");
        assertThat(get("/greeting/1", "Accept-Language", "en").body()).isEqualTo("Hello 1");
        assertThat(calls("greeting")).isEqualTo(2);
    }

    @Test
    void responsesThatSetCookiesOrArePrivateOrFailed_areNeverStored() throws Exception {
        for (String handler : List.of("cookie", "private", "no-store", "unavailable")) {
            HttpResponse<String> first = get("/" + handler + "/1");
            HttpResponse<String> second = get("/" + handler + "/1");
            assertThat(first.body()).endsWith(" 1");
            assertThat(second.body()).as(handler).endsWith(" 2");
            assertThat(cacheStatus(second)).as(handler).isEqualTo("beryl; fwd=miss");
        }
        assertThat(get("/cookie/2").headers().firstValue("Set-Cookie")).hasValue("SESSION=s3");
        assertThat(get("/unavailable/2").statusCode()).isEqualTo(503);
    }

    @Test
    void etag_isKeptWithTheEntry_andAMatchingIfNoneMatchIsANotModifiedWithoutRunningTheMethod() throws Exception {
        int loads = calls("items");
        HttpResponse<String> first = get("/items/5");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(get("/items/5").headers().firstValue("ETag")).hasValue(etag);

        HttpResponse<String> notModified = get("/items/5", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/items/5", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);

        HttpResponse<String> other = get("/items/5", "If-None-Match", "\"something-else\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body()).contains("item 5");
        assertThat(calls("items")).isEqualTo(loads + 1);
    }

    @Test
    void putThrough_fromAnotherHandler_isWhatTheCachedHandlerAnswersNext() throws Exception {
        int loads = calls("items");
        String before = get("/items/8").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> put = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port
                + "/items/8")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"id\":8,\"name\":\"renamed\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<String> after = get("/items/8");
        assertThat(after.body()).isEqualTo("{\"id\":8,\"name\":\"renamed\"}");
        assertThat(cacheStatus(after)).startsWith("beryl; hit");
        assertThat(get("/items/8", "If-None-Match", before).statusCode()).isEqualTo(200);
        assertThat(calls("items")).isEqualTo(loads + 1);
    }

    @Test
    void etag_onAResponseEntity_keepsItsHeaders_andTheHandlersOwnTag() throws Exception {
        HttpResponse<String> first = get("/entities/1");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("max-age=30");
        HttpResponse<String> notModified = get("/entities/1", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("max-age=30");
        assertThat(calls("entities")).isEqualTo(1);

        assertThat(get("/tagged/1").headers().firstValue("ETag")).hasValue("\"v7\"");
        assertThat(get("/tagged/1", "If-None-Match", "\"v7\"").statusCode()).isEqualTo(304);
        assertThat(calls("tagged")).isEqualTo(1);
    }

    @Test
    void futureHandler_getsAnETagPerAnswer_andA304_andCacheStatus() throws Exception {
        int loads = calls("asyncItems");
        HttpResponse<String> first = get("/async/items/3");
        assertThat(first.body()).contains("async 3");
        assertThat(cacheStatus(first)).isEqualTo("beryl; fwd=miss; stored");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> hit = get("/async/items/3");
        assertThat(cacheStatus(hit)).matches("beryl; hit; ttl=(59|60)");
        assertThat(hit.headers().firstValue("ETag")).hasValue(etag);
        HttpResponse<String> notModified = get("/async/items/3", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(calls("asyncItems")).isEqualTo(loads + 1);
        HttpResponse<String> alice = get("/async/items/3", as("alice"));
        assertThat(cacheStatus(alice)).isEqualTo("beryl; fwd=bypass");
    }

    @Test
    void etag_differsWithTheBody_andAGenericBodyComesBackWhole() throws Exception {
        String one = get("/lists/1").headers().firstValue("ETag").orElseThrow();
        String two = get("/lists/2").headers().firstValue("ETag").orElseThrow();
        assertThat(one).isNotEqualTo(two);
        assertThat(get("/lists/1").body()).isEqualTo("[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]");
        assertThat(calls("lists")).isEqualTo(2);
    }
}
