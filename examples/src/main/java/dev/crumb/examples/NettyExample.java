package dev.crumb.examples;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.Session;
import dev.crumb.netty.CookieSessionHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's Netty quickstart as a server you can run: each request adds an apple to the cart
 * kept in the session cookie.
 *
 * <pre>
 * mvn -B -ntp -q -pl examples -am package -DskipTests &amp;&amp; java -cp examples/target/crumb-demo.jar dev.crumb.examples.NettyExample
 * curl -si -b jar -c jar http://localhost:8080/     # again and again: the cart grows
 * </pre>
 *
 * Keys come from {@code CRUMB_KEYS} (a JWK Set) or are generated for this run; the port is
 * {@code PORT} or 8080. The cookie is sent over plain HTTP, for a local try only.
 */
public final class NettyExample {

    private NettyExample() {}

    /** Serves on localhost:8080 (or {@code PORT}) until killed. */
    public static void main(String[] args) throws InterruptedException {
        String env = System.getenv("CRUMB_KEYS");
        KeyRing keys = env == null || env.isBlank() ? KeyRing.generate() : KeyRing.fromEnvironment("CRUMB_KEYS");
        CookieSessions sessions = CookieSessions.builder()
                .keys(keys)
                .cookie(CookieSpec.named("session").insecureAllowPlainHttp())   // local HTTP only
                .build();
        int port = System.getenv("PORT") == null ? 8080 : Integer.parseInt(System.getenv("PORT").trim());
        // Netty 4.2's group; on Netty 4.1, which the handler also supports, new NioEventLoopGroup().
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Channel server = start(group, port, sessions);
            System.err.println("Crumb Netty example: curl -si -b jar -c jar http://localhost:"
                    + ((InetSocketAddress) server.localAddress()).getPort() + "/  (Ctrl-C to stop)");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Binds the example on localhost:{@code port} (0 picks a free one); returns the server channel. */
    static Channel start(EventLoopGroup group, int port, CookieSessions sessions) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        NettyExample.initChannel(channel.pipeline(), sessions);
                    }
                })
                .bind("localhost", port).sync().channel();
    }

    // README:netty
    static void initChannel(ChannelPipeline pipeline, CookieSessions sessions) {
        pipeline.addLast(new HttpServerCodec());
        pipeline.addLast(new HttpObjectAggregator(65_536));
        pipeline.addLast(new CookieSessionHandler(sessions));   // @Sharable: one instance for all channels
        pipeline.addLast(new CartHandler());
    }

    static final class CartHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Session session = CookieSessionHandler.session(ctx);
            List<?> cart = session.get("cart", List.class);
            List<Object> next = cart == null ? new ArrayList<>() : new ArrayList<>(cart);
            next.add("apple");
            session.put("cart", next);
            ByteBuf body = Unpooled.copiedBuffer("cart: " + next + "\n", StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            // Without a length, a keep-alive client (curl, a browser) would wait for more body.
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(response);
            // the response leaves with the Set-Cookie header of this request's session
        }
    }
    // END
}
