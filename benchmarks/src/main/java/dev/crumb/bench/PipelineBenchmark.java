package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import dev.crumb.netty.CookieSessionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One keep-alive HTTP/1.1 request of the Netty load harness ({@code netty-adapter/LOAD.md}),
 * through the whole Netty pipeline on one thread and without a socket: the request's bytes go
 * into an {@code EmbeddedChannel} with {@code HttpServerCodec}, {@code HttpObjectAggregator},
 * {@link CookieSessionHandler} (except in {@code NONE}) and the harness's application, and the
 * response's bytes come out. The same Cookie header is sent in every configuration.
 *
 * <p>A configuration minus {@code NONE} is what the handler and the session work add to a
 * request when Netty's decoding, pipeline and encoding run between them, but without the
 * kernel's network stack and the load generator, which the HTTP harness charges to the server's
 * event loop as well. Compared with {@link AppReadsBenchmark}, the same session work alone, it
 * says how much of the HTTP harness's excess over JMH is the code, and how much the socket.
 *
 * <ul>
 *   <li>{@code NONE}: no handler; the application answers {@code /read} without session work.
 *   <li>{@code UNTOUCHED}: the handler; {@code /static} never asks for the session.
 *   <li>{@code STRINGS}: {@code /whoami} reads the subject and {@code userId}.
 *   <li>{@code UNCHANGED}: {@code /read} reads the subject, {@code userId}, {@code roles} (a list)
 *       and {@code locale}, and changes nothing, so no Set-Cookie.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar "PipelineBenchmark|AppReadsBenchmark" \
 *     -p payload=SMALL -p alg=A256GCM -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PipelineBenchmark {

    /** What the request asks of the application, as the harness's configurations of the same name. */
    public enum Request {
        NONE("/read"), UNTOUCHED("/static"), STRINGS("/whoami"), UNCHANGED("/read");

        final String path;

        Request(String path) {
            this.path = path;
        }
    }

    @Param
    public Request request;

    private EmbeddedChannel channel;
    private byte[] requestBytes;

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(Alg.A256GCM);
        CookieSessions sessions = LifecycleBenchmark.sessions(fixture);
        SessionInput session = fixture.session(PayloadSize.SMALL);
        String token;
        try (Impl sealer = ImplKind.CRUMB.create(fixture)) {
            token = Tokens.checked(ImplKind.CRUMB, sealer.seal(session), session, fixture);
        }
        App app = new App(request != Request.NONE);
        channel = request == Request.NONE
                ? new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024), app)
                : new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024),
                        new CookieSessionHandler(sessions), app);
        requestBytes = ("GET " + request.path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8080\r\n"
                + "Cookie: " + fixture.cookieName() + "=" + token + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        String response = exchange();
        if (!response.startsWith("HTTP/1.1 200 ")
                || response.toLowerCase(Locale.ROOT).contains("\r\nset-cookie:")) {
            throw new IllegalStateException("expected 200 without Set-Cookie, got: "
                    + response.lines().findFirst().orElse(""));
        }
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** One request in, its response out; returns the response's bytes, which are released. */
    @Benchmark
    public int request() {
        channel.writeInbound(Unpooled.wrappedBuffer(requestBytes));
        int bytes = 0;
        for (Object out; (out = channel.readOutbound()) != null; ) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    /** The request's bytes, as they reach the pipeline. */
    byte[] requestBytes() {
        return requestBytes;
    }

    private String exchange() {
        channel.writeInbound(Unpooled.wrappedBuffer(requestBytes));
        StringBuilder response = new StringBuilder();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            response.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(out);
        }
        return response.toString();
    }

    /** The load harness's application ({@code LoadServers.App} in netty-adapter's tests) but {@code /write}. */
    @Sharable
    static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {

        private static final byte[] BODY = "hello world\n".getBytes(StandardCharsets.US_ASCII);

        private final boolean sessions;

        App(boolean sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpResponseStatus status = switch (request.uri()) {
                case "/read" -> sessions ? read(CookieSessionHandler.session(ctx)) : HttpResponseStatus.OK;
                case "/whoami" -> sessions ? whoami(CookieSessionHandler.session(ctx)) : HttpResponseStatus.OK;
                case "/static" -> HttpResponseStatus.OK;
                default -> HttpResponseStatus.NOT_FOUND;
            };
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            ctx.writeAndFlush(response);
        }

        private static HttpResponseStatus read(Session session) {
            String user = session.subject().orElse(null);
            String userId = session.get("userId", String.class);
            Object roles = session.get("roles");
            String locale = session.get("locale", String.class);
            return user != null && userId != null && locale != null
                    && roles instanceof List<?> list && list.contains("customer")
                    ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED;
        }

        private static HttpResponseStatus whoami(Session session) {
            String user = session.subject().orElse(null);
            String userId = session.get("userId", String.class);
            return user != null && userId != null ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED;
        }
    }
}
