package dev.beryl.cache.redis.testsupport;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own real Redis, never the shared one on the default port:
 * <ol>
 * <li>a Testcontainers container when a Docker engine is available (standalone only);</li>
 * <li>otherwise {@code redis-server} processes from the PATH on free loopback ports: one, or a three-master
 * Cluster;</li>
 * <li>otherwise the tests are skipped with the reason, except when the environment variable {@code CI} is
 * {@code true}, where a missing Redis fails them.</li>
 * </ol>
 * Set {@code BERYL_TEST_REDIS=process} to use processes even where Docker runs (the fault tests that kill and
 * restart the server work with both).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = RedisExtension.standalone();
 * ... redis.server().uri() ...
 * }</pre>
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

    private final boolean cluster;

    private RedisServer server;

    private RedisClusterProcesses clusterProcesses;

    private RedisExtension(boolean cluster) {
        this.cluster = cluster;
    }

    /** One standalone server per test class. */
    public static RedisExtension standalone() {
        return new RedisExtension(false);
    }

    /** A three-master cluster per test class; needs {@code redis-server} and {@code redis-cli} on the PATH. */
    public static RedisExtension cluster() {
        return new RedisExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean processes = RedisProcess.isInstalled();
        if (this.cluster) {
            requireOrSkip(processes, "redis-server and redis-cli are not on the PATH, and the cluster tests need them "
                    + "(install Debian's redis-server package)");
            this.clusterProcesses = RedisClusterProcesses.start();
            return;
        }
        boolean forceProcess = "process".equalsIgnoreCase(System.getenv("BERYL_TEST_REDIS"));
        if (!forceProcess && RedisContainer.isDockerAvailable()) {
            this.server = RedisContainer.start();
            return;
        }
        requireOrSkip(processes, "no Docker engine is available and redis-server is not on the PATH "
                + "(install Debian's redis-server package, or start Docker)");
        this.server = RedisProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (this.server instanceof RedisProcess process) {
            process.stop();
        }
        else if (this.server instanceof RedisContainer container) {
            container.stop();
        }
        if (this.clusterProcesses != null) {
            this.clusterProcesses.stop();
        }
    }

    /** The standalone server. */
    public RedisServer server() {
        if (this.server == null) {
            throw new IllegalStateException("This extension runs a " + (this.cluster ? "cluster" : "server")
                    + " that has not started; register it with @RegisterExtension on a static field");
        }
        return this.server;
    }

    /** The cluster's seed nodes, as {@code host:port}. */
    public List<String> clusterNodes() {
        return this.clusterProcesses.nodes();
    }

    /** The cluster's processes, to run commands on one node. */
    public List<RedisProcess> clusterProcesses() {
        return this.clusterProcesses.processes();
    }

    /**
     * For tests that start processes of their own, such as a Sentinel: skips them (or fails them under
     * {@code CI=true}) where {@code redis-server} is not on the PATH.
     */
    public static void assumeProcesses() {
        requireOrSkip(RedisProcess.isInstalled(), "redis-server and redis-cli are not on the PATH "
                + "(install Debian's redis-server package)");
    }

    private static void requireOrSkip(boolean available, String reason) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true, so Redis tests may not be skipped, but " + reason);
        }
        Assumptions.abort("Redis tests skipped: " + reason);
    }
}
