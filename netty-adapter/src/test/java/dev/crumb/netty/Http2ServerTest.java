package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import dev.crumb.netty.example.ExampleServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example server over HTTP/2 (cleartext, prior knowledge) on the loopback interface, with a
 * Netty HTTP/2 client: every request is a stream, a child channel with its own session.
 */
@Timeout(30)
class Http2ServerTest {

    private static final CookieSessions SESSIONS = Cookies.sessions();
    private static ExecutorService work;
    private static ExampleServer server;
    private static InetSocketAddress address;
    private static EventLoopGroup clientGroup;

    private Channel connection;

    @BeforeAll
    static void start() throws InterruptedException {
        work = Executors.newFixedThreadPool(4);
        server = new ExampleServer(SESSIONS, work);
        address = server.startH2c(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        clientGroup = EventLoops.nio(1);
    }

    @AfterAll
    static void stop() {
        clientGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
        work.shutdownNow();
    }

    @BeforeEach
    void connect() throws InterruptedException {
        connection = new Bootstrap()
                .group(clientGroup)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // The server opens no streams of its own; the inbound stream handler stays idle.
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect(address).sync().channel();
    }

    @AfterEach
    void disconnect() {
        connection.close().syncUninterruptibly();
    }

    @Test
    void login_thenRevisit_onNewStreams_keepsTheSession() throws Exception {
        Reply login = send("POST", "/login?user=alice", null).get(10, TimeUnit.SECONDS);
        assertEquals(200, login.status());

        Reply first = send("GET", "/", login.cookie()).get(10, TimeUnit.SECONDS);
        Reply second = send("GET", "/", first.cookie()).get(10, TimeUnit.SECONDS);

        assertEquals("user=alice visits=1 cart=", first.body());
        assertEquals("user=alice visits=2 cart=", second.body());
    }

    @Test
    void concurrentStreams_eachKeepTheirOwnSession() throws Exception {
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = "user" + i;
            replies.add(send("GET", "/", Cookies.cookieHeader(SESSIONS, s -> s.subject(user))));
        }

        for (int i = 0; i < 10; i++) {
            Reply reply = replies.get(i).get(10, TimeUnit.SECONDS);
            assertEquals("user=user" + i + " visits=1 cart=", reply.body());
            Session next = Cookies.reload(SESSIONS, reply.setCookies().get(0));
            assertEquals("user" + i, next.subject().orElseThrow());
        }
    }

    @Test
    void sessionCookieAmongOthers_isFound() throws Exception {
        // HTTP/2 sends each cookie pair as its own header field (RFC 9113, 8.2.3); the client codec splits them.
        String cookies = "theme=dark; " + Cookies.cookieHeader(SESSIONS, s -> s.subject("bob")) + "; lang=en";

        Reply peek = send("GET", "/peek", cookies).get(10, TimeUnit.SECONDS);

        assertEquals("user=bob visits=0 cart=", peek.body());
    }

    // ---- the client ----

    private record Reply(int status, List<String> setCookies, String body) {

        String cookie() {
            assertEquals(1, setCookies.size(), () -> "expected one Set-Cookie, got " + setCookies);
            return Cookies.pair(setCookies.get(0));
        }
    }

    /** Sends a request on a new stream of the connection. */
    private CompletableFuture<Reply> send(String method, String path, String cookie) throws InterruptedException {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false),
                                new HttpObjectAggregator(64 * 1024), new ReplyCollector(reply));
                    }
                })
                .open().sync().getNow();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path);
        request.headers()
                .set(HttpHeaderNames.HOST, "localhost:" + address.getPort())
                .set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), HttpScheme.HTTP.name());
        if (cookie != null) {
            request.headers().set(HttpHeaderNames.COOKIE, cookie);
        }
        stream.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                reply.completeExceptionally(f.cause());
            }
        });
        return reply;
    }

    private static final class ReplyCollector extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<Reply> reply;

        ReplyCollector(CompletableFuture<Reply> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            reply.complete(new Reply(response.status().code(), response.headers().getAll(HttpHeaderNames.SET_COOKIE),
                    response.content().toString(StandardCharsets.UTF_8).strip()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new IOException("stream closed before a response",
                    new ClosedChannelException()));
        }
    }
}
