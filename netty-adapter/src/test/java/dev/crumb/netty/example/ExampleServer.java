package dev.crumb.netty.example;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.netty.CookieSessionHandler;
import dev.crumb.netty.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small shop on Netty with its session in a Crumb cookie: log in, fill a cart, log out.
 * It shows the wiring of {@link CookieSessionHandler} for HTTP/1.1 and for HTTP/2 (h2c with prior
 * knowledge), and an application that does its work off the event loop (see {@link ShopHandler}).
 *
 * <pre>
 * java ... dev.crumb.netty.example.ExampleServer        # HTTP/1.1 on port 8080, h2c on 8081
 * curl -c jar -b jar -X POST 'http://localhost:8080/login?user=alice'
 * curl -c jar -b jar -X POST 'http://localhost:8080/cart?add=apple'
 * curl -c jar -b jar http://localhost:8080/
 * curl -c jar -b jar --http2-prior-knowledge http://localhost:8081/
 * curl -c jar -b jar -X POST http://localhost:8080/logout
 * </pre>
 */
public final class ExampleServer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024;

    private final EventLoopGroup group = EventLoops.nio(0);
    private final CookieSessionHandler sessions;
    private final Executor work;
    private final List<Channel> listening = new CopyOnWriteArrayList<>();

    /**
     * A server that keeps sessions with {@code sessions} and runs the shop's work on
     * {@code work} (which may be {@code Runnable::run}, to work on the event loop).
     */
    public ExampleServer(CookieSessions sessions, Executor work) {
        // One handler for every connection and stream: it keeps its state in the channel.
        this.sessions = new CookieSessionHandler(sessions);
        this.work = Objects.requireNonNull(work, "work");
    }

    /** Listens for HTTP/1.1 on {@code address} (port 0 picks a free port) and returns where. */
    public InetSocketAddress startHttp1(InetSocketAddress address) throws InterruptedException {
        return listen(address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(
                        new HttpServerCodec(),
                        new HttpObjectAggregator(MAX_BODY),
                        sessions,
                        new ShopHandler(work));
            }
        });
    }

    /**
     * Listens for HTTP/2 over cleartext with prior knowledge on {@code address}. Each stream is
     * a child channel whose pipeline turns frames into HTTP/1-style objects, so the same session
     * handler and shop work unchanged.
     */
    public InetSocketAddress startH2c(InetSocketAddress address) throws InterruptedException {
        ChannelHandler perStream = new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(
                        new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(MAX_BODY),
                        sessions,
                        new ShopHandler(work));
            }
        };
        return listen(address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(perStream));
            }
        });
    }

    private InetSocketAddress listen(InetSocketAddress address, ChannelHandler connection)
            throws InterruptedException {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(connection)
                .bind(address).sync().channel();
        listening.add(server);
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Runs the shop on ports 8080 (HTTP/1.1) and 8081 (h2c), with a key that lasts until exit. */
    public static void main(String[] args) throws InterruptedException {
        CookieSessions sessions = CookieSessions.builder()
                .keys(KeyRing.generate())   // in production: KeyRing.fromEnvironment("CRUMB_KEYS")
                // Plain HTTP on localhost needs a cookie without Secure; never do this in production.
                .cookie(CookieSpec.named("session").insecureAllowPlainHttp())
                .build();
        ExecutorService work = Executors.newFixedThreadPool(4);
        ExampleServer server = new ExampleServer(sessions, work);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            work.shutdown();
        }));
        System.out.println("HTTP/1.1 on " + server.startHttp1(new InetSocketAddress("localhost", 8080))
                + ", h2c on " + server.startH2c(new InetSocketAddress("localhost", 8081)));
        server.listening.get(0).closeFuture().sync();
    }
}
