package dev.beryl.cache.redis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} process on a free loopback port, started and stopped by the test suite. It keeps nothing
 * on disk, and is killed when the JVM exits if a test forgot to stop it.
 */
public final class RedisProcess implements RedisServer {

    static final String HOST = "127.0.0.1";

    private final int port;

    private final int tlsPort;

    private final Path directory;

    private final List<String> extraArguments;

    private final Path configFile;

    private final Thread shutdownHook = new Thread(this::stop);

    private Process process;

    private RedisProcess(int port, Path directory, List<String> extraArguments) {
        this(port, directory, extraArguments, null);
    }

    private RedisProcess(int port, Path directory, List<String> extraArguments, Path configFile) {
        this(port, 0, directory, extraArguments, configFile);
    }

    private RedisProcess(int port, int tlsPort, Path directory, List<String> extraArguments, Path configFile) {
        this.port = port;
        this.tlsPort = tlsPort;
        this.directory = directory;
        this.extraArguments = extraArguments;
        this.configFile = configFile;
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /** Whether {@code redis-server} and {@code redis-cli} can be run from the PATH. */
    public static boolean isInstalled() {
        return canRun("redis-server") && canRun("redis-cli");
    }

    /** Starts a standalone server on a free port. */
    public static RedisProcess start(String... extraArguments) {
        return started(new RedisProcess(freePort(false), temporaryDirectory(), List.of(extraArguments)));
    }

    /**
     * Starts a standalone server that also takes TLS connections, on a second free port, with the server certificate
     * of {@code certificates}. With {@code clientCertificates}, a TLS client must show a certificate that their
     * authority signed. The plain port stays open, so that the suite sees when the server is up and what it holds.
     * @throws IllegalStateException if the server does not start, for example because it was built without TLS
     */
    public static RedisProcess startTls(TestCertificates certificates, boolean clientCertificates) {
        int tlsPort = freePort(false);
        return started(new RedisProcess(freePort(false), tlsPort, temporaryDirectory(),
                tlsArguments(tlsPort, certificates, clientCertificates), null));
    }

    /**
     * Starts a Sentinel on a free port that watches {@code master} under the name {@code masterName}, and waits
     * until it knows the master's address.
     */
    public static RedisProcess startSentinel(RedisServer master, String masterName) {
        Path directory = temporaryDirectory();
        Path config = directory.resolve("sentinel.conf");
        try {
            Files.writeString(config, "sentinel monitor " + masterName + " " + master.host() + " " + master.port()
                    + " 1\nsentinel down-after-milliseconds " + masterName + " 5000\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        RedisProcess sentinel = new RedisProcess(freePort(false), directory, List.of("--sentinel"), config);
        try {
            sentinel.restart();
            await("sentinel knows " + masterName).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName)
                            .contains(Integer.toString(master.port())));
            return sentinel;
        }
        catch (RuntimeException ex) {
            sentinel.stop();
            throw ex;
        }
    }

    /**
     * Starts a server on a free port whose cluster bus port (port + 10000) is free too; with {@code certificates},
     * it also takes TLS connections on a second port, and the cluster bus is TLS.
     */
    static RedisProcess startClusterNode(TestCertificates certificates) {
        Path directory = temporaryDirectory();
        int port = freePort(true);
        List<String> arguments = new ArrayList<>(List.of("--cluster-enabled", "yes",
                "--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", "5000"));
        int tlsPort = 0;
        if (certificates != null) {
            tlsPort = freePort(false);
            arguments.addAll(tlsArguments(tlsPort, certificates, false));
            arguments.addAll(List.of("--tls-cluster", "yes"));
        }
        return started(new RedisProcess(port, tlsPort, directory, arguments, null));
    }

    private static List<String> tlsArguments(int tlsPort, TestCertificates certificates, boolean clientCertificates) {
        return List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                "--tls-auth-clients", clientCertificates ? "yes" : "no");
    }

    private static RedisProcess started(RedisProcess redis) {
        try {
            redis.restart();
            return redis;
        }
        catch (RuntimeException ex) {
            redis.stop();
            throw ex;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return this.port;
    }

    /** The port of TLS connections; only for servers started with TLS. */
    public int tlsPort() {
        if (this.tlsPort == 0) {
            throw new IllegalStateException("redis-server on port " + this.port + " was started without TLS");
        }
        return this.tlsPort;
    }

    /** {@code rediss://host:tlsPort}. */
    public String tlsUri() {
        return "rediss://" + HOST + ":" + tlsPort();
    }

    @Override
    public synchronized void kill() {
        if (this.process != null && this.process.isAlive()) {
            // A suspended process would not die until it is let go on.
            signal("CONT");
            this.process.destroyForcibly();
            waitForExit();
        }
    }

    @Override
    public synchronized void suspend() {
        signal("STOP");
    }

    @Override
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
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

    @Override
    public synchronized void restart() {
        kill();
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (this.configFile != null) {
            command.add(this.configFile.toString());
        }
        command.addAll(List.of("--port", Integer.toString(this.port),
                "--bind", HOST, "--dir", this.directory.toString(),
                "--logfile", this.directory.resolve("redis-" + this.port + ".log").toString()));
        if (this.configFile == null) {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        command.addAll(this.extraArguments);
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(this.directory.resolve("stdout-" + this.port + ".log").toFile()).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command, ex);
        }
        try {
            await("redis-server on port " + this.port).atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(20)).until(() -> Resp.ping(HOST, this.port));
        }
        catch (RuntimeException ex) {
            kill();
            throw new IllegalStateException("redis-server did not answer on port " + this.port + "; see "
                    + this.directory, ex);
        }
    }

    @Override
    public String command(String... args) {
        try {
            return Resp.command(HOST, this.port, args);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Stops the server for good and deletes its directory. */
    public synchronized void stop() {
        kill();
        deleteRecursively(this.directory);
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // The JVM is shutting down: this is the hook.
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // Best effort: a temporary directory left behind is no failure of the tests.
        }
    }

    private void waitForExit() {
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + this.port + " did not exit");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean canRun(String program) {
        try {
            Process probe = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("beryl-redis-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freePort(boolean withBusPort) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = bindable(0);
            if (port == 6379) {
                continue;
            }
            if (!withBusPort) {
                return port;
            }
            if (port + 10000 <= 65535 && bindable(port + 10000) > 0) {
                return port;
            }
        }
        throw new IllegalStateException("No free port pair found for a Redis cluster node");
    }

    private static int bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            return -1;
        }
    }
}
