package dev.beryl.cache.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import static org.awaitility.Awaitility.await;

/**
 * A Redis in a Testcontainers container, where a Docker engine runs. Its port is fixed for the container's life, so
 * that a restarted server answers at the same address, as the process does.
 */
final class RedisContainer implements RedisServer {

    private static final String IMAGE = "redis:7.2-alpine";

    private final FixedHostPortGenericContainer<?> container;

    private final int port;

    @SuppressWarnings("resource")
    private RedisContainer(int port) {
        this.port = port;
        this.container = new FixedHostPortGenericContainer<>(IMAGE).withFixedExposedPort(port, 6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forListeningPort());
    }

    /**
     * Whether a Docker engine answers. Looks for its usual signs first, so that machines without Docker do not
     * pay for Testcontainers' search.
     */
    static boolean isDockerAvailable() {
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || (runtime != null && Files.exists(Path.of(runtime, "docker.sock")));
        try {
            return hint && DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    static RedisContainer start() {
        RedisContainer redis = new RedisContainer(freePort());
        redis.container.start();
        return redis;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return this.port;
    }

    @Override
    public void kill() {
        DockerClientFactory.instance().client().killContainerCmd(this.container.getContainerId()).exec();
        await("container stopped").atMost(Duration.ofSeconds(15)).until(() -> !Resp.ping(host(), this.port));
    }

    @Override
    public void restart() {
        DockerClientFactory.instance().client().startContainerCmd(this.container.getContainerId()).exec();
        await("container answering").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Resp.ping(host(), this.port));
    }

    @Override
    public String command(String... args) {
        try {
            return Resp.command(host(), this.port, args);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    void stop() {
        this.container.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
