package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.Session;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 through the Netty handler, over real HTTP/1.1 connections: objects put in one request
 * come back as their own types in the next.
 */
@Timeout(30)
class TypedSessionServerTest {

    public enum Status { OPEN, PAID }

    public record Line(String sku, int quantity) {}

    public record Order(UUID id, List<Line> lines, Status status, LocalDate due) {}

    private static final CookieSessions SESSIONS = CookieSessions.builder()
            .keys(KeyRing.generate())
            .cookie(CookieSpec.named(Cookies.NAME).insecureAllowPlainHttp())
            .storableTypes(Line.class, Order.class, Status.class)
            .build();
    private static final UUID ID = UUID.fromString("0e6f3b6c-58a1-4c39-9a0e-2f0f1c3e5d7a");

    private static EventLoopGroup group;
    private static InetSocketAddress address;

    /** {@code /put} stores, {@code /get} reads back with the casts an application makes. */
    private static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Session session = CookieSessionHandler.session(ctx);
            String body;
            if (request.uri().equals("/put")) {
                session.put("order", new Order(ID, List.of(new Line("apple", 2), new Line("pear", 1)), Status.PAID,
                        LocalDate.of(2030, 1, 31)));
                session.put("tags", Set.of(Status.OPEN));
                session.put("seen", Instant.ofEpochSecond(1_900_000_000L));
                session.put("lines", Map.of("x", new Line("fig", 3)));
                body = "stored";
            } else {
                Order order = (Order) session.get("order");
                Line second = order.lines().get(1);
                Set<?> tags = (Set<?>) session.get("tags");
                Instant seen = (Instant) session.get("seen");
                Line fig = (Line) ((Map<?, ?>) session.get("lines")).get("x");
                body = order.id() + " " + order.status() + " " + order.due() + " " + second.sku() + "x"
                        + second.quantity() + " " + tags.iterator().next().getClass().getSimpleName() + " "
                        + seen + " " + fig.sku();
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }

    @BeforeAll
    static void start() throws InterruptedException {
        group = EventLoops.nio(1);
        CookieSessionHandler sessions = new CookieSessionHandler(SESSIONS);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), sessions, new App());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        address = (InetSocketAddress) server.localAddress();
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void objectsPutInOneRequest_comeBackAsTheirTypesInTheNext() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://" + address.getHostString() + ":" + address.getPort());

        HttpResponse<String> put = client.send(HttpRequest.newBuilder(base.resolve("/put")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("stored", put.body());
        String cookie = Cookies.pair(put.headers().firstValue("set-cookie").orElseThrow());

        HttpResponse<String> get = client.send(HttpRequest.newBuilder(base.resolve("/get")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(ID + " PAID 2030-01-31 pearx1 Status 2030-03-17T17:46:40Z fig", get.body());
    }
}
