package dev.beryl.cache.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters and no replicas: three {@code redis-server --cluster-enabled yes} processes
 * joined with {@code redis-cli --cluster create}.
 */
public final class RedisClusterProcesses {

    private final List<RedisProcess> nodes;

    private RedisClusterProcesses(List<RedisProcess> nodes) {
        this.nodes = nodes;
    }

    public static RedisClusterProcesses start() {
        return start(null);
    }

    /**
     * A cluster whose nodes also take TLS connections, each on a second port, and talk TLS on the cluster bus; a
     * client that connects with TLS learns the nodes' TLS ports, one that connects without, their plain ports.
     */
    public static RedisClusterProcesses startTls(TestCertificates certificates) {
        return start(certificates);
    }

    private static RedisClusterProcesses start(TestCertificates certificates) {
        List<RedisProcess> nodes = new ArrayList<>();
        RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisProcess.startClusterNode(certificates));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach((node) -> create.add(node.host() + ":" + node.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            await("cluster state ok").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(cluster::isReady);
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.stop();
            throw ex;
        }
    }

    /** The seed nodes, as {@code host:port}. */
    public List<String> nodes() {
        return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
    }

    /** The seed nodes as {@code rediss://host:tlsPort}, for a cluster started with TLS. */
    public List<String> tlsNodes() {
        return this.nodes.stream().map(RedisProcess::tlsUri).toList();
    }

    public List<RedisProcess> processes() {
        return this.nodes;
    }

    public void stop() {
        this.nodes.forEach(RedisProcess::stop);
    }

    private boolean isReady() {
        return this.nodes.stream().allMatch((node) -> node.command("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed:\n" + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
