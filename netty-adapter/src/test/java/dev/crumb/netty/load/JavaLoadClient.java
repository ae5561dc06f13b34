package dev.crumb.netty.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop keep-alive load generator, the fallback when wrk is not installed: one thread,
 * one selector, {@code connections} non-blocking sockets, each sending its next GET as soon as
 * the previous response is complete (no pipelining), as {@code wrk -t1} does. Latency is taken
 * from just before the request is written to the moment the last byte of the response is read,
 * and percentiles come from the sorted latencies of every request (no histogram).
 *
 * <p>It understands only what the load servers send: a status line, headers with
 * {@code Content-Length}, and a body of that length.
 */
final class JavaLoadClient {

    private JavaLoadClient() {}

    /**
     * Sends requests for {@code duration} and stops by itself; responses outstanding then are
     * not counted.
     */
    static LoadStats run(InetSocketAddress server, String path, String cookie, int connections,
            Duration duration) throws IOException {
        byte[] request = request(server, path, cookie);
        List<Conn> conns = new ArrayList<>();
        long[] latencies = new long[1 << 16];
        int count = 0;
        long non2xx = 0;
        long errors = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(server);
                ch.configureBlocking(false);
                Conn c = new Conn(ch, request);
                c.key = ch.register(selector, 0, c);
                conns.add(c);
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            for (Conn c : conns) {
                c.send(System.nanoTime());
            }
            long now = start;
            while (now < deadline) {
                selector.select(Math.max(1, (deadline - now) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    try {
                        if (key.isWritable()) {
                            c.flush();
                        }
                        if (key.isReadable()) {
                            int status = c.read();
                            if (status > 0) {
                                long done = System.nanoTime();
                                if (count == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, count * 2);
                                }
                                latencies[count++] = done - c.sentAt;
                                if (status < 200 || status >= 400) {
                                    non2xx++;
                                }
                                if (done < deadline) {
                                    c.send(done);
                                }
                            }
                        }
                    } catch (IOException e) {
                        errors++;
                        key.cancel();
                        c.ch.close();
                    }
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
            }
            double seconds = (now - start) / 1e9;
            for (Conn c : conns) {
                c.ch.close();
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new LoadStats(count, seconds, count / seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), non2xx, errors);
        }
    }

    /** The latency at quantile {@code q} of sorted nanoseconds, in milliseconds (nearest rank). */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] / 1e6;
    }

    private static byte[] request(InetSocketAddress server, String path, String cookie) {
        StringBuilder b = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getAddress().getHostAddress()).append(':').append(server.getPort()).append("\r\n");
        if (cookie != null) {
            b.append("Cookie: ").append(cookie).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One keep-alive connection with at most one request in flight. */
    private static final class Conn {

        final SocketChannel ch;
        final byte[] request;
        final ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(8192);
        SelectionKey key;
        long sentAt;

        Conn(SocketChannel ch, byte[] request) {
            this.ch = ch;
            this.request = request;
            this.out = ByteBuffer.wrap(request);
        }

        void send(long now) throws IOException {
            sentAt = now;
            out.clear();
            flush();
        }

        void flush() throws IOException {
            ch.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
        }

        /** Reads what is there; the status code once a whole response is in, else 0. */
        int read() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (ch.read(in) < 0) {
                throw new IOException("closed by the server");
            }
            int length = in.position();
            byte[] a = in.array();
            int headerEnd = indexOf(a, length);
            if (headerEnd < 0) {
                return 0;
            }
            int bodyLength = contentLength(a, headerEnd);
            if (length < headerEnd + 4 + bodyLength) {
                return 0;
            }
            if (length > headerEnd + 4 + bodyLength) {
                throw new IOException("more bytes than one response");
            }
            int status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
            in.clear();
            return status;
        }

        private static int indexOf(byte[] a, int length) {
            for (int i = 0; i + 3 < length; i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static int contentLength(byte[] a, int headerEnd) throws IOException {
            String head = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            throw new IOException("no Content-Length in " + head);
        }
    }
}
