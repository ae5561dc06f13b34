package dev.crumb.redis.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for one test class: on a free loopback port, in a temporary
 * directory, in the foreground (no daemon), with the persistence settings the README asks for.
 * {@link #close()} kills it and deletes the directory; a shutdown hook does the same if the JVM
 * ends first. Without the binary the tests skip, except under CI ({@code CI=true}), where they
 * fail: there {@code .ci/run} installs Debian's {@code redis-server}. Public, and shipped in this
 * module's test jar, for the Spring Boot module's tests.
 */
public final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Thread hook;
    private Process process;

    private RedisServer(Path binary) throws IOException {
        this.binary = binary;
        this.dir = Files.createTempDirectory("crumb-redis-test");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        this.hook = new Thread(this::kill, "kill redis-server " + port);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a server, or skips (fails under CI) when there is no {@code redis-server}. */
    public static RedisServer start() {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            String why = "redis-server is not installed (Debian: apt-get install redis-server; "
                    + "or set REDIS_SERVER to its path)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": under CI these tests must run, and .ci/run installs it");
            }
            Assumptions.abort(why + ": Redis tests skipped");
        }
        try {
            RedisServer server = new RedisServer(binary.get());
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> binary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code redis://127.0.0.1:port}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL: no shutdown, no final save), as a crash would. */
    public void crash() {
        kill();
    }

    /** Starts it again on the same port and directory, so it reads back its append-only file. */
    public void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void startProcess() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is already running");
        }
        List<String> cmd = List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--maxmemory-policy", "noeviction");
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        awaitPong();
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16];
                int n = in.read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting, or loading its append-only file
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server");
            }
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within 20 s");
    }

    private synchronized void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
