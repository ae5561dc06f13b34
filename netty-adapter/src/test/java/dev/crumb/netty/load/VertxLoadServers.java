package dev.crumb.netty.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.cookie.CookieSessionStore;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Vert.x side of the side-by-side: two minimal Vert.x Web servers on the loopback interface,
 * alike but for one handler, the counterparts of {@link LoadServers}. Both route with a
 * {@link Router}; {@link #withSessions()} puts Vert.x's {@link SessionHandler} with a
 * {@link CookieSessionStore} (the session kept in an AES-GCM encrypted cookie) on every route
 * before the application, {@link #plain()} has no session handler. The application does what
 * {@link LoadServers}' does on the same paths ({@code /read}, {@code /write}, {@code /whoami},
 * {@code /static}, {@code POST /login}), with the same status codes and the same 12-byte body.
 *
 * <p>Each server has a {@link Vertx} instance of its own with an event loop pool of <b>one
 * thread</b> (as the Netty servers have a one-thread event loop group), and all its request
 * handling, session handling included, runs on that thread: {@code CookieSessionStore} decrypts
 * and encrypts on the calling thread and answers with completed futures. Vert.x accepts
 * connections on a separate acceptor thread, which is not counted; with keep-alive load it runs
 * only while the client connects.
 *
 * <p>Vert.x has no subject of its own outside its auth {@code User}; the application keeps the
 * subject as a string attribute {@code sub}, the cheaper choice. Lists are stored as Vert.x
 * applications store them, as a {@link JsonArray}. The session handler is configured as a Vert.x
 * application would for this cookie (name {@code session}, HttpOnly, SameSite=Lax, not Secure
 * because the load is plain HTTP on loopback) and otherwise left at Vert.x's defaults: it opens
 * the cookie of every request that has one ({@code setLazySession} only skips the store at the
 * end), and writes a Set-Cookie only when the attributes changed.
 */
public final class VertxLoadServers implements AutoCloseable {

    /** The attribute that stands for Crumb's subject. */
    static final String SUBJECT_ATTRIBUTE = "sub";

    private static final byte[] BODY = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private static final long START_SECONDS = 30;

    private final Vertx plainVertx;
    private final Vertx sessionVertx;
    private final CookieSessionStore store;
    private final InetSocketAddress plain;
    private final InetSocketAddress withSessions;
    private final long plainThread;
    private final long sessionThread;
    private volatile long loginThread = -1;

    /** Starts both servers on free ports of 127.0.0.1, the store with a new random secret. */
    public static VertxLoadServers start() throws InterruptedException {
        return new VertxLoadServers();
    }

    private VertxLoadServers() throws InterruptedException {
        plainVertx = oneEventLoop();
        sessionVertx = oneEventLoop();
        try {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            store = CookieSessionStore.create(sessionVertx, Base64.getEncoder().encodeToString(secret));
            plainThread = eventLoopThread(plainVertx);
            sessionThread = eventLoopThread(sessionVertx);
            plain = listen(plainVertx, router(plainVertx, null));
            SessionHandler sessions = SessionHandler.create(store)
                    .setSessionCookieName(LoadServers.COOKIE_NAME)
                    .setCookieHttpOnlyFlag(true)
                    .setCookieSameSite(CookieSameSite.LAX)
                    .setCookieSecureFlag(false);
            withSessions = listen(sessionVertx, router(sessionVertx, sessions));
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private static Vertx oneEventLoop() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(false));
    }

    /** The one event loop thread of a Vert.x instance: where a context of its runs its tasks. */
    private static long eventLoopThread(Vertx vertx) throws InterruptedException {
        CompletableFuture<Long> id = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> id.complete(Thread.currentThread().getId()));
        return await(id);
    }

    private Router router(Vertx vertx, SessionHandler sessions) {
        App app = new App(sessions != null);
        Router router = Router.router(vertx);
        if (sessions != null) {
            router.route().handler(sessions);
        }
        router.get("/read").handler(ctx -> respond(ctx, app.sessions ? app.read(ctx.session(), false) : 200));
        router.get("/write").handler(ctx -> respond(ctx, app.sessions ? app.read(ctx.session(), true) : 200));
        router.get("/whoami").handler(ctx -> respond(ctx, app.sessions ? App.whoami(ctx.session()) : 200));
        router.get("/static").handler(ctx -> respond(ctx, 200));
        if (sessions != null) {
            router.post("/login").handler(ctx -> {
                loginThread = Thread.currentThread().getId();
                loginAttributes(ctx.session());
                respond(ctx, 200);
            });
        }
        router.route().handler(ctx -> respond(ctx, 404));
        return router;
    }

    private static InetSocketAddress listen(Vertx vertx, Router router) throws InterruptedException {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router);
        Future<HttpServer> listening = server.listen(0, InetAddress.getLoopbackAddress().getHostAddress());
        HttpServer bound = await(listening.toCompletionStage().toCompletableFuture());
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.actualPort());
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Vert.x server did not start", e);
        }
    }

    /** The login's attributes: {@link LoadServers#loginAttributes}' small session, in Vert.x's types. */
    static void loginAttributes(Session session) {
        session.regenerateId();
        session.put(SUBJECT_ATTRIBUTE, LoadServers.SUBJECT);
        session.put("userId", "3f1c9e2a-7b4d-4c1e-9a53-0d6e8b21f4c7");
        session.put("roles", new JsonArray().add("customer").add("beta-tester"));
        session.put("csrf", "Zk3J9wqB0s7TnX1cV5mLpAe");
        session.put("locale", "en-GB");
        session.put("loginAt", 1_731_408_000L);
    }

    private static void respond(RoutingContext ctx, int status) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "text/plain")
                .end(Buffer.buffer(BODY));
    }

    /**
     * CPU time the event loop thread of one server has used so far, in nanoseconds: all its
     * network I/O, HTTP codec, routing, session and application work.
     */
    public long eventLoopCpuNanos(boolean withSessions) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(eventLoopThreadId(withSessions));
    }

    /** The part of {@link #eventLoopCpuNanos} spent in user mode, as {@link LoadServers#eventLoopUserNanos}. */
    public long eventLoopUserNanos(boolean withSessions) {
        return ManagementFactory.getThreadMXBean().getThreadUserTime(eventLoopThreadId(withSessions));
    }

    /** The id of the thread {@link #eventLoopCpuNanos} measures. */
    long eventLoopThreadId(boolean withSessions) {
        return withSessions ? sessionThread : plainThread;
    }

    /** The thread the last {@code POST /login} ran on, or -1 before the first. */
    long loginThreadId() {
        return loginThread;
    }

    /** The server without a session handler. */
    public InetSocketAddress plain() {
        return plain;
    }

    /** The server with {@code SessionHandler} and {@code CookieSessionStore} before the application. */
    public InetSocketAddress withSessions() {
        return withSessions;
    }

    /** The store of {@link #withSessions()}, to open a cookie value it sealed. */
    CookieSessionStore store() {
        return store;
    }

    @Override
    public void close() {
        for (Vertx v : new Vertx[] {plainVertx, sessionVertx}) {
            if (v != null) {
                try {
                    v.close().toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    System.err.println("Vert.x load server did not stop: " + e);
                }
            }
        }
    }

    /** The application: {@link LoadServers}' App, reading a Vert.x session. */
    private static final class App {

        private final boolean sessions;
        private final AtomicLong counter = new AtomicLong();

        App(boolean sessions) {
            this.sessions = sessions;
        }

        /** What a page handler does with the session: who is this, may they see it. */
        int read(Session session, boolean change) {
            String user = session.get(SUBJECT_ATTRIBUTE);
            String userId = session.get("userId");
            Object roles = session.get("roles");
            String locale = session.get("locale");
            if (user == null || userId == null || locale == null
                    || !(roles instanceof JsonArray list && list.contains("customer"))) {
                return 401;
            }
            if (change) {
                session.put("counter", counter.incrementAndGet());
            }
            return 200;
        }

        /** Reads only string values. */
        static int whoami(Session session) {
            String user = session.get(SUBJECT_ATTRIBUTE);
            String userId = session.get("userId");
            return user == null || userId == null ? 401 : 200;
        }
    }
}
