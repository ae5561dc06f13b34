package dev.crumb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link AppReadsBenchmark}'s session work, timed alone, after what a server does between two
 * requests has run untimed. It says how much of the HTTP harness's excess over JMH
 * ({@code netty-adapter/LOAD.md}) is the same code running in caches and predictors that other
 * work has just used, rather than more work.
 *
 * <p>Each invocation first runs {@link Between} (a JMH invocation-level setup, so it is not in the
 * time), then {@code load}, the reads of {@link AppReadsBenchmark.Reads} and {@code commit}. The
 * invocation-level setup makes JMH time every call on its own, which adds a fixed cost;
 * {@code NOTHING} has the same setup with nothing in it, so the other rows are read against it,
 * not against {@link AppReadsBenchmark}.
 *
 * <ul>
 *   <li>{@code NOTHING}: the calibration.
 *   <li>{@code SOCKET}: a request's bytes and a response's bytes over a loopback TCP connection,
 *       written and read on this thread: the kernel's part of a keep-alive request (four system
 *       calls and the loopback stack), without Netty.
 *   <li>{@code NETTY}: one request of {@link PipelineBenchmark}'s {@code NONE} (no session
 *       handler) through an {@code EmbeddedChannel}: Netty's decoding, pipeline and encoding,
 *       without the kernel.
 *   <li>{@code SOCKET_NETTY}: both, as in a server.
 *   <li>{@code IDLE}: the thread parks for 30 µs (on Linux's default timer slack, about 110 µs in
 *       fact), and the CPU goes idle, as the paced HTTP run's event loop between requests.
 *   <li>{@code SERVED}: as a paced server's event loop. The thread blocks reading the next
 *       request from a client thread, which polls for the previous response and sends the
 *       request {@code gapMicros} after it (30 µs by default: the paced HTTP run serves a request
 *       about every 42 µs, of which the no-session server works 4–5), then runs it through
 *       {@code NETTY}'s pipeline; after the session work the response's bytes go back (untimed
 *       too). On the development VM a thread that blocks for more than about 25 µs is woken
 *       from a halted CPU, which takes tens of µs more, so {@code -p gapMicros=0,10,20,30} shows
 *       the cost as the idle grows.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar BetweenRequestsBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BetweenRequestsBenchmark {

    /** What runs, untimed, before each request's session work. */
    public enum Between { NOTHING, SOCKET, NETTY, SOCKET_NETTY, IDLE, SERVED }

    /** {@code IDLE}'s park: the paced HTTP run's idle gap between two requests on the event loop. */
    private static final long IDLE_NANOS = 30_000;

    @Param
    public Between between;

    @Param
    public AppReadsBenchmark.Reads reads;

    /**
     * {@code SERVED} only: how long the client waits after a response before it sends the next
     * request, in µs. The other configurations ignore it.
     */
    @Param("30")
    public int gapMicros;

    private AppReadsBenchmark appReads;
    private PipelineBenchmark pipeline;
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private ByteBuffer requestOut;
    private ByteBuffer requestIn;
    private ByteBuffer responseOut;
    private ByteBuffer responseIn;
    private Thread pacedClient;

    @Setup
    public void setup() throws IOException {
        appReads = new AppReadsBenchmark();
        appReads.payload = PayloadSize.SMALL;
        appReads.alg = Alg.A256GCM;
        appReads.reads = reads;
        appReads.setup();
        pipeline = new PipelineBenchmark();
        pipeline.request = PipelineBenchmark.Request.NONE;
        pipeline.setup();
        int responseLength = pipeline.request();
        if (responseLength == 0) {
            throw new IllegalStateException("the pipeline answered nothing");
        }

        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        server = listener.accept();
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        server.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] requestBytes = pipeline.requestBytes();
        requestOut = ByteBuffer.allocateDirect(requestBytes.length).put(requestBytes);
        requestIn = ByteBuffer.allocateDirect(requestBytes.length);
        responseOut = ByteBuffer.allocateDirect(responseLength);
        while (responseOut.hasRemaining()) {
            responseOut.put((byte) 'x');
        }
        responseIn = ByteBuffer.allocateDirect(responseLength);
        socketExchange();
        if (between == Between.SERVED) {
            pacedClient = new Thread(this::pacedClient, "paced-client");
            pacedClient.setDaemon(true);
            pacedClient.start();
        }
    }

    /**
     * Sends a request, then after each response waits {@link #gapMicros} and sends the next. It
     * polls without blocking, as a load generator busy with many connections is awake when a
     * response arrives, so the gap starts when the response is written.
     */
    private void pacedClient() {
        ByteBuffer out = requestOut.duplicate();
        ByteBuffer in = ByteBuffer.allocateDirect(responseIn.capacity());
        long gapNanos = TimeUnit.MICROSECONDS.toNanos(gapMicros);
        try {
            client.configureBlocking(false);
            while (true) {
                out.clear();
                while (out.hasRemaining()) {
                    client.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    if (client.read(in) < 0) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                long next = System.nanoTime() + gapNanos;
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
            }
        } catch (IOException closed) {
            // The trial's tear-down closed the connection.
        }
    }

    @TearDown
    public void tearDown() throws IOException, InterruptedException {
        pipeline.tearDown();
        client.close();
        server.close();
        listener.close();
        if (pacedClient != null) {
            pacedClient.join(1000);
        }
    }

    @Setup(Level.Invocation)
    public void between() {
        switch (between) {
            case NOTHING -> { }
            case SOCKET -> socketExchange();
            case NETTY -> pipeline.request();
            case SOCKET_NETTY -> {
                socketExchange();
                pipeline.request();
            }
            case IDLE -> LockSupport.parkNanos(IDLE_NANOS);
            case SERVED -> {
                receive(server, requestIn);
                pipeline.request();
            }
        }
    }

    @TearDown(Level.Invocation)
    public void respond() {
        if (between == Between.SERVED) {
            send(server, responseOut);
        }
    }

    /** {@link AppReadsBenchmark#request()} (its setup checks the reads): load, the reads, commit. */
    @Benchmark
    public boolean request() {
        return appReads.request();
    }

    /** The request's bytes from client to server, then the response's back, blocking. */
    private void socketExchange() {
        send(client, requestOut);
        receive(server, requestIn);
        send(server, responseOut);
        receive(client, responseIn);
    }

    private static void send(SocketChannel to, ByteBuffer bytes) {
        bytes.clear();
        try {
            while (bytes.hasRemaining()) {
                to.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void receive(SocketChannel from, ByteBuffer bytes) {
        bytes.clear();
        try {
            while (bytes.hasRemaining()) {
                if (from.read(bytes) < 0) {
                    throw new IOException("the loopback connection closed");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
