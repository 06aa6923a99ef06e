package dev.beryl.cache.examples.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.test.web.server.LocalServerPort;

/** Requests to the quotes service over real HTTP, on the port the test server listens on. */
abstract class QuotesHttp {

    /**
     * HTTP/1.1, as the server speaks, on a connection of its own for each request; every request has a deadline, so
     * that a lost answer fails the test. (Twice in many runs, a request sent on a connection kept alive from the
     * requests before it, a PUT among them, went unanswered for 10 s, with nothing in the server's log; the cause is
     * not found. A connection per request keeps the tests to what the server answers.)
     */
    private HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @LocalServerPort
    private int port;

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return http().send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How often the quote source's method was called, from {@code /stats}. */
    int calls(String method) throws Exception {
        String stats = get("/stats").body();
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("\"" + method + "\":(\\d+)").matcher(stats);
        return found.find() ? Integer.parseInt(found.group(1)) : 0;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }
}
