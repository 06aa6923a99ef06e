package dev.beryl.cache.examples;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged example, processed ahead of time, run with {@code java -Dspring.aot.enabled=true -jar}: it starts
 * from the generated initializers, and its handlers are cached.
 */
class AheadOfTimeIntegrationTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aotProcessedJar_startsAndCaches() throws Exception {
        Path jar = executableJar();
        int port = freePort();
        Path log = Files.createTempFile("beryl-aot", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Dspring.aot.enabled=true", "-jar", jar.toString(),
                "--server.port=" + port, "--catalogue.latency=0ms")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            HttpResponse<String> first = awaitStarted(port, process, log);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=miss; stored");
            HttpResponse<String> second = get(port, "/products/1");
            assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).startsWith("beryl; hit");
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(Files.readString(log)).contains("Starting AOT-processed CatalogueApplication",
                    "Beryl caches 8 methods");
        }
        finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    private HttpResponse<String> awaitStarted(int port, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The application stopped: " + Files.readString(log));
            }
            try {
                return get(port, "/products/1");
            }
            catch (IOException notYet) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        throw new AssertionError("The application did not answer within 60 s: " + Files.readString(log));
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The jar that {@code package} made, with its AOT-generated classes. */
    private static Path executableJar() throws IOException {
        try (Stream<Path> files = Files.list(new File("target").toPath())) {
            return files.filter((file) -> file.getFileName().toString().matches("beryl-cache-examples-.*\\.jar"))
                    .filter((file) -> !file.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("No packaged jar in target: run package"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
