package dev.crumb.netty.load;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.Session;
import dev.crumb.netty.CookieSessionHandler;
import dev.crumb.netty.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two minimal Netty HTTP/1.1 servers on the loopback interface, alike but for one handler:
 * {@code HttpServerCodec}, {@code HttpObjectAggregator}, then {@link CookieSessionHandler} in
 * {@link #withSessions()} only, then a tiny application handler that answers on the event loop.
 * Each server has an event loop group of one thread of its own, so a server under load keeps
 * one core busy and the other is left to the load generator.
 *
 * <p>Paths, on both servers (the server without sessions answers them without session work):
 * <ul>
 *   <li>{@code GET /read}: reads the session (subject, {@code userId}, {@code roles},
 *       {@code locale}) and changes nothing, so no cookie is written, as for most requests in
 *       production; 401 when the session has no user.</li>
 *   <li>{@code GET /write}: the same reads, then puts a counter, so every response seals a
 *       new cookie.</li>
 *   <li>{@code GET /whoami}: reads only string values (subject, {@code userId}); 401 without a user.</li>
 *   <li>{@code GET /static}: does not touch the session at all.</li>
 *   <li>{@code POST /login}: stores the {@linkplain #loginAttributes small session} (sessions
 *       server only): its Set-Cookie is the cookie the load generator sends.</li>
 * </ul>
 * The response body is the same 12 bytes everywhere.
 */
public final class LoadServers implements AutoCloseable {

    /** The cookie name; plain HTTP on loopback needs a cookie without Secure. */
    public static final String COOKIE_NAME = "session";

    static final String SUBJECT = "user-48213977";

    private static final byte[] BODY = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_BODY = 16 * 1024;

    private final CookieSessions sessions;
    private final EventLoopGroup plainGroup = EventLoops.nio(1);
    private final EventLoopGroup sessionGroup = EventLoops.nio(1);
    private final InetSocketAddress plain;
    private final InetSocketAddress withSessions;
    private final long plainThread;
    private final long sessionThread;

    /** Starts both servers on free ports of 127.0.0.1, with a new random key. */
    public static LoadServers start() throws InterruptedException {
        return new LoadServers(CookieSessions.builder()
                .keys(KeyRing.generate())
                .cookie(CookieSpec.named(COOKIE_NAME).insecureAllowPlainHttp())
                .build());
    }

    private LoadServers(CookieSessions sessions) throws InterruptedException {
        this.sessions = sessions;
        this.plainThread = threadId(plainGroup);
        this.sessionThread = threadId(sessionGroup);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        App plainApp = new App(false);
        App sessionApp = new App(true);
        CookieSessionHandler handler = new CookieSessionHandler(sessions);
        this.plain = listen(plainGroup, any, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), plainApp);
            }
        });
        this.withSessions = listen(sessionGroup, any, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler, sessionApp);
            }
        });
    }

    private static InetSocketAddress listen(EventLoopGroup group, InetSocketAddress address,
            ChannelInitializer<SocketChannel> init) throws InterruptedException {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(init)
                .bind(address).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    private static long threadId(EventLoopGroup group) throws InterruptedException {
        try {
            return group.next().submit(() -> Thread.currentThread().getId()).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU time the event loop thread of one server has used so far, in nanoseconds: all its
     * network I/O, HTTP codec, session and application work.
     */
    public long eventLoopCpuNanos(boolean withSessions) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(eventLoopThreadId(withSessions));
    }

    /**
     * The part of {@link #eventLoopCpuNanos} spent in user mode: without the kernel's network
     * stack, and without the wake-ups of the load generator that the kernel charges to the
     * thread that writes the response.
     */
    public long eventLoopUserNanos(boolean withSessions) {
        return ManagementFactory.getThreadMXBean().getThreadUserTime(eventLoopThreadId(withSessions));
    }

    private long eventLoopThreadId(boolean withSessions) {
        return withSessions ? sessionThread : plainThread;
    }

    /** The server without {@link CookieSessionHandler}. */
    public InetSocketAddress plain() {
        return plain;
    }

    /** The server with {@link CookieSessionHandler} before the application. */
    public InetSocketAddress withSessions() {
        return withSessions;
    }

    /** The sessions of {@link #withSessions()}. */
    public CookieSessions sessions() {
        return sessions;
    }

    /**
     * The small session (about 150 bytes of attributes as compact JSON): user id, roles, CSRF
     * token, locale, login time; the same as the JMH benchmarks' SMALL payload.
     */
    static void loginAttributes(Session session) {
        session.regenerate();
        session.subject(SUBJECT);
        session.put("userId", "3f1c9e2a-7b4d-4c1e-9a53-0d6e8b21f4c7");
        session.put("roles", List.of("customer", "beta-tester"));
        session.put("csrf", "Zk3J9wqB0s7TnX1cV5mLpAe");
        session.put("locale", "en-GB");
        session.put("loginAt", 1_731_408_000L);
    }

    @Override
    public void close() {
        plainGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        sessionGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        plainGroup.terminationFuture().syncUninterruptibly();
        sessionGroup.terminationFuture().syncUninterruptibly();
    }

    /** The application: answers every request at once on the event loop. */
    @Sharable
    private static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final boolean sessions;
        private final AtomicLong counter = new AtomicLong();

        App(boolean sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            HttpResponseStatus status;
            switch (path) {
                case "/read" -> status = sessions ? read(CookieSessionHandler.session(ctx), false) : HttpResponseStatus.OK;
                case "/write" -> status = sessions ? read(CookieSessionHandler.session(ctx), true) : HttpResponseStatus.OK;
                case "/whoami" -> status = sessions ? whoami(CookieSessionHandler.session(ctx)) : HttpResponseStatus.OK;
                case "/static" -> status = HttpResponseStatus.OK;
                case "/login" -> {
                    if (sessions) {
                        loginAttributes(CookieSessionHandler.session(ctx));
                        status = HttpResponseStatus.OK;
                    } else {
                        status = HttpResponseStatus.NOT_FOUND;
                    }
                }
                default -> status = HttpResponseStatus.NOT_FOUND;
            }
            respond(ctx, status, HttpUtil.isKeepAlive(request));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A load generator resets its connections when its time is up: nothing to report.
            if (!(cause instanceof IOException)) {
                System.err.println("load server: " + cause);
            }
            ctx.close();
        }

        /** What a page handler does with the session: who is this, may they see it. */
        private HttpResponseStatus read(Session session, boolean change) {
            String user = session.subject().orElse(null);
            String userId = session.get("userId", String.class);
            Object roles = session.get("roles");
            String locale = session.get("locale", String.class);
            if (user == null || userId == null || locale == null
                    || !(roles instanceof List<?> list && list.contains("customer"))) {
                return HttpResponseStatus.UNAUTHORIZED;
            }
            if (change) {
                session.put("counter", counter.incrementAndGet());
            }
            return HttpResponseStatus.OK;
        }

        /** Reads only immutable values, which the session need not compare at commit. */
        private static HttpResponseStatus whoami(Session session) {
            String user = session.subject().orElse(null);
            String userId = session.get("userId", String.class);
            return user == null || userId == null ? HttpResponseStatus.UNAUTHORIZED : HttpResponseStatus.OK;
        }

        private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
