package dev.beryl.cache.redis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway TLS material for tests, as PEM files: a certificate authority, a server certificate for {@code 127.0.0.1}
 * and {@code localhost} signed by it, a client certificate signed by it, and a second authority that signed nothing
 * here. Made once per JVM with the JDK's {@code keytool} (EC P-256, valid for two days) in a temporary directory that
 * is deleted when the JVM exits.
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    private static final String VALIDITY_DAYS = "2";

    private static TestCertificates instance;

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** The certificates of this JVM, made at the first call. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    /** The authority that signed the server and client certificates. */
    public Path caCertificate() {
        return this.directory.resolve("ca.crt");
    }

    /** An authority that signed neither: trusting only it must not let a client in. */
    public Path otherCaCertificate() {
        return this.directory.resolve("other-ca.crt");
    }

    /** The server's certificate, for {@code localhost} and {@code 127.0.0.1}; also a client's, on the cluster bus. */
    public Path serverCertificate() {
        return this.directory.resolve("server.crt");
    }

    public Path serverKey() {
        return this.directory.resolve("server.key");
    }

    /** A client's certificate ({@code CN=beryl-client}), signed by the authority. */
    public Path clientCertificate() {
        return this.directory.resolve("client.crt");
    }

    /** The client's private key, as unencrypted PKCS#8. */
    public Path clientKey() {
        return this.directory.resolve("client.key");
    }

    private static TestCertificates create() {
        Path directory;
        try {
            directory = Files.createTempDirectory("beryl-tls-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
        Path ca = directory.resolve("ca.p12");
        keyPair(directory, ca, "ca", "CN=Beryl Test CA", "-ext", "bc:c");
        keytool(directory, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file", "ca.crt");
        Path other = directory.resolve("other-ca.p12");
        keyPair(directory, other, "ca", "CN=Beryl Other Test CA", "-ext", "bc:c");
        keytool(directory, "-exportcert", "-alias", "ca", "-keystore", other.toString(), "-rfc", "-file",
                "other-ca.crt");
        signed(directory, ca, "server", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext",
                "eku=serverAuth,clientAuth");
        signed(directory, ca, "client", "CN=beryl-client", "-ext", "eku=clientAuth");
        return new TestCertificates(directory);
    }

    /** Makes {@code name.crt} and {@code name.key}: a key pair whose certificate the authority signs. */
    private static void signed(Path directory, Path ca, String name, String subject, String... extensions) {
        Path keys = directory.resolve(name + ".p12");
        keyPair(directory, keys, name, subject);
        keytool(directory, "-certreq", "-alias", name, "-keystore", keys.toString(), "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", name + ".csr", "-outfile", name + ".crt", "-rfc", "-validity", VALIDITY_DAYS));
        gencert.addAll(List.of(extensions));
        keytool(directory, gencert.toArray(String[]::new));
        writePrivateKey(keys, name, directory.resolve(name + ".key"));
    }

    /** A new EC P-256 key pair with a self-signed certificate, in a PKCS#12 key store. */
    private static void keyPair(Path directory, Path keyStore, String alias, String subject, String... extensions) {
        List<String> genkeypair = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keystore",
                keyStore.toString(), "-dname", subject, "-keyalg", "EC", "-groupname", "secp256r1", "-validity",
                VALIDITY_DAYS));
        genkeypair.addAll(List.of(extensions));
        keytool(directory, genkeypair.toArray(String[]::new));
    }

    private static void writePrivateKey(Path keyStore, String alias, Path target) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey(alias, PASSWORD.toCharArray());
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Could not read the key of " + alias + " from " + keyStore, ex);
        }
    }

    private static void keytool(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-noprompt", "-storetype", "PKCS12", "-storepass", PASSWORD));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // Best effort: a temporary directory left behind is no failure of the tests.
        }
    }
}
