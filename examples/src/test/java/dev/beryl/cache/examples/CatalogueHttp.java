package dev.beryl.cache.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the end-to-end tests share: requests to the running catalogue, and how often its repository ran. */
abstract class CatalogueHttp {

    /** HTTP/1.1, as the server speaks; every request has a deadline, so that a lost answer fails the test. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @Autowired
    private ProductRepository repository;

    long calls(String method) {
        return this.repository.calls().getOrDefault(method, 0L);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> send(String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpRequest request = builder.timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
                        : HttpRequest.BodyPublishers.noBody())
                .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
