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
 * restart the server work with both). Servers with TLS ({@link #standaloneTls}, {@link #clusterTls}) are always
 * processes, with {@link TestCertificates}; they are skipped the same way where {@code redis-server} was built without
 * TLS.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = RedisExtension.standalone();
 * ... redis.server().uri() ...
 * }</pre>
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

    private final boolean cluster;

    private final boolean tls;

    private final boolean clientCertificates;

    private RedisServer server;

    private RedisClusterProcesses clusterProcesses;

    private RedisExtension(boolean cluster, boolean tls, boolean clientCertificates) {
        this.cluster = cluster;
        this.tls = tls;
        this.clientCertificates = clientCertificates;
    }

    /** One standalone server per test class. */
    public static RedisExtension standalone() {
        return new RedisExtension(false, false, false);
    }

    /** A three-master cluster per test class; needs {@code redis-server} and {@code redis-cli} on the PATH. */
    public static RedisExtension cluster() {
        return new RedisExtension(true, false, false);
    }

    /**
     * One standalone server per test class that also takes TLS connections ({@link #tlsUri}) with the
     * {@linkplain TestCertificates#get() test certificates}; with {@code clientCertificates}, TLS clients must show
     * one signed by their authority.
     */
    public static RedisExtension standaloneTls(boolean clientCertificates) {
        return new RedisExtension(false, true, clientCertificates);
    }

    /** A three-master cluster per test class whose nodes also take TLS connections ({@link #tlsNodes}). */
    public static RedisExtension clusterTls() {
        return new RedisExtension(true, true, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean processes = RedisProcess.isInstalled();
        if (this.tls) {
            requireOrSkip(processes, "redis-server and redis-cli are not on the PATH, and the TLS tests need them "
                    + "(install Debian's redis-server package)");
            startTls();
            return;
        }
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

    private void startTls() {
        TestCertificates certificates = TestCertificates.get();
        try {
            if (this.cluster) {
                this.clusterProcesses = RedisClusterProcesses.startTls(certificates);
            }
            else {
                this.server = RedisProcess.startTls(certificates, this.clientCertificates);
            }
        }
        catch (IllegalStateException ex) {
            requireOrSkip(false, "redis-server did not start with TLS; it may be built without it (BUILD_TLS=yes): "
                    + ex.getMessage());
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

    /** The standalone server's TLS address, {@code rediss://127.0.0.1:port}; only with {@link #standaloneTls}. */
    public String tlsUri() {
        return ((RedisProcess) server()).tlsUri();
    }

    /** The cluster's seed nodes as {@code rediss://host:tlsPort}; only with {@link #clusterTls}. */
    public List<String> tlsNodes() {
        return this.clusterProcesses.tlsNodes();
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
