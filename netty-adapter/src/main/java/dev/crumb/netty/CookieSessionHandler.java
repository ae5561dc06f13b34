package dev.crumb.netty;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Cookie sessions for a Netty HTTP server: loads a request's {@link Session} from its Cookie
 * headers when the application first asks for it, and adds the Set-Cookie headers of
 * {@link CookieSessions#commit} to the matching response, before the response head is written.
 *
 * <pre>{@code
 * CookieSessionHandler sessions = new CookieSessionHandler(CookieSessions.builder()
 *     .keys(KeyRing.fromEnvironment("CRUMB_KEYS"))
 *     .build());
 *
 * pipeline.addLast(new HttpServerCodec());
 * pipeline.addLast(new HttpObjectAggregator(65536));   // optional, before or after
 * pipeline.addLast(sessions);                         // one instance for all channels
 * pipeline.addLast(new MyHandler());
 *
 * // in MyHandler.channelRead, on the event loop:
 * Session session = CookieSessionHandler.session(ctx);
 * session.put("cart", cart);
 * ctx.writeAndFlush(response);                        // gets the Set-Cookie header
 * }</pre>
 *
 * <h2>Only when asked</h2>
 * The cookie is opened when a later handler first asks for the request's session
 * ({@link #session(ChannelHandlerContext)} or {@link #session(ChannelHandlerContext, HttpRequest)}),
 * not when the request is read. A request whose handlers never ask (a static file, a health
 * check) costs next to nothing, and its response carries no Set-Cookie: its session is not
 * renewed, and an invalid or expired cookie is not deleted, until a request that uses the
 * session comes. A session first asked for after its response was written is committed at
 * once, so changing it throws as for any answered session rather than being lost.
 *
 * <h2>Which session belongs to which response</h2>
 * Every {@link HttpRequest} read gets its own session, and the responses take them in the order
 * the requests arrived: keep-alive and pipelined requests on one connection each get their own
 * cookie, provided the application answers them in order, as HTTP/1.1 requires anyway. A response is matched by its head
 * ({@link HttpResponse} or {@link FullHttpResponse}); its content passes through untouched.
 * Interim {@code 1xx} responses such as {@code 100 Continue} or {@code 103 Early Hints} do not
 * take a session; {@code 101 Switching Protocols} does, as it ends the HTTP exchange (browsers
 * store cookies from a WebSocket handshake). A response with no request waiting passes through
 * unchanged.
 *
 * <p>For HTTP/2, add this handler to each stream's child channel pipeline of
 * {@code Http2MultiplexHandler}, after {@code Http2StreamFrameToHttpObjectCodec}: each stream is
 * then a channel of one request and one response.
 *
 * <h2>Threads</h2>
 * A session is loaded on the thread that first asks for it, usually the event loop (decoding a
 * cookie takes microseconds and never blocks), and committed on the event loop when the response
 * is written, whichever thread called {@code write}: Netty hands writes from other threads to the
 * event loop. A session itself is not thread-safe; pass it along with the work, as Netty's task
 * queues order the hand-offs. A {@link dev.crumb.RevocationCheck} configured on the sessions runs
 * where the session is loaded, so it must not block (as its contract asks anyway).
 *
 * <h2>Failures</h2>
 * A missing, tampered, expired or otherwise invalid cookie gives a new empty session, never an
 * exception. If a session cannot be saved when its response is written (it is too large for its
 * cookie: a {@link dev.crumb.SessionException}), the change is not dropped silently: the handler logs
 * the error, releases the response and sends {@code 500 Internal Server Error} instead, closes
 * the connection (or HTTP/2 stream) after it, and fails the response's write promise with the
 * exception, as well as the promises of the response's content written afterwards.
 *
 * <p>The handler is {@link Sharable}: its state lives in a channel attribute. Add one instance,
 * at most once per channel pipeline.
 */
@Sharable
public final class CookieSessionHandler extends ChannelDuplexHandler {

    private static final System.Logger LOG = System.getLogger(CookieSessionHandler.class.getName());

    private static final AttributeKey<ChannelSessions> STATE =
            AttributeKey.valueOf(CookieSessionHandler.class, "sessions");

    private final CookieSessions sessions;

    /** A handler that loads and commits sessions with {@code sessions}. */
    public CookieSessionHandler(CookieSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The sessions this handler loads and commits. */
    public CookieSessions sessions() {
        return sessions;
    }

    /**
     * The session of the request this channel read last: in a handler after this one, the
     * request being handled in {@code channelRead} (for HTTP/2, the stream's one request). The
     * first call for a request opens its cookie; later calls return the same session.
     *
     * <p>With pipelined HTTP/1.1 requests, later requests may have been read by the time a
     * handler that works on another thread asks; take the session in {@code channelRead} and hand
     * it to the work, or use {@link #session(ChannelHandlerContext, HttpRequest)}.
     *
     * @throws IllegalStateException if no {@code CookieSessionHandler} is in this channel's
     *     pipeline or it has read no request yet
     */
    public static Session session(ChannelHandlerContext ctx) {
        return state(ctx).current();
    }

    /**
     * The session of {@code request}, a request this channel read that is not answered yet (or
     * was read last): the object this handler saw, or an aggregate made from it by a later
     * {@code HttpObjectAggregator}. Safe from any thread, and right however many requests were
     * pipelined after it.
     *
     * @throws IllegalStateException if no {@code CookieSessionHandler} is in this channel's
     *     pipeline, or the request did not pass through it or was answered already
     */
    public static Session session(ChannelHandlerContext ctx, HttpRequest request) {
        Objects.requireNonNull(request, "request");
        return state(ctx).find(request);
    }

    private static ChannelSessions state(ChannelHandlerContext ctx) {
        ChannelSessions state = ctx.channel().attr(STATE).get();
        if (state == null) {
            throw new IllegalStateException("no CookieSessionHandler in this channel's pipeline: add one after "
                    + "HttpServerCodec (for HTTP/2, in each stream's child pipeline after "
                    + "Http2StreamFrameToHttpObjectCodec)");
        }
        return state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelSessions state = new ChannelSessions(ctx, this::load);
        if (ctx.channel().attr(STATE).setIfAbsent(state) != null) {
            throw new IllegalStateException("a CookieSessionHandler is already in this channel's pipeline; "
                    + "add one only");
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Netty also calls this for a handler refused by handlerAdded: leave the first one's state.
        ChannelSessions state = ctx.channel().attr(STATE).get();
        if (state != null && state.owner() == ctx) {
            ctx.channel().attr(STATE).compareAndSet(state, null);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            ctx.channel().attr(STATE).get().add(request);
        }
        ctx.fireChannelRead(msg);
    }

    private Session load(HttpRequest request) {
        List<String> cookies = request.headers().getAll(HttpHeaderNames.COOKIE);
        try {
            return sessions.load(cookies);
        } catch (RuntimeException e) {
            // CookieSessions promises not to throw on what a client sends; if it ever does, the
            // client still gets an empty session rather than an exception in the pipeline.
            LOG.log(Level.WARNING, "loading the session cookie failed; using a new session", e);
            return sessions.load(List.of());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ChannelSessions state = ctx.channel().attr(STATE).get();
        if (state == null) {
            ctx.write(msg, promise);
            return;
        }
        if (state.discardingBody) {
            if (msg instanceof HttpResponse) {
                state.discardingBody = false;
            } else {
                discard(state, msg, promise);
                return;
            }
        }
        if (!(msg instanceof HttpResponse response) || isInterim(response)) {
            ctx.write(msg, promise);
            return;
        }
        Session session = state.poll();
        if (session == null) {
            ctx.write(msg, promise);
            return;
        }
        List<String> setCookies;
        try {
            setCookies = sessions.commit(session);
        } catch (RuntimeException e) {
            fail(ctx, state, response, promise, e);
            return;
        }
        for (String setCookie : setCookies) {
            response.headers().add(HttpHeaderNames.SET_COOKIE, setCookie);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ChannelSessions state = ctx.channel().attr(STATE).get();
        if (state != null) {
            state.clear();
        }
        super.channelInactive(ctx);
    }

    private static boolean isInterim(HttpResponse response) {
        HttpResponseStatus status = response.status();
        return status.codeClass() == HttpStatusClass.INFORMATIONAL
                && status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    }

    /** Answers 500 in place of a response whose session could not be saved, then closes. */
    private static void fail(ChannelHandlerContext ctx, ChannelSessions state, HttpResponse response,
            ChannelPromise promise, RuntimeException cause) {
        LOG.log(Level.ERROR, "could not save the session for a " + response.status().code() + " response on "
                + ctx.channel() + "; sending 500 instead and closing the connection", cause);
        ReferenceCountUtil.release(response);
        FullHttpResponse error = new DefaultFullHttpResponse(response.protocolVersion(),
                HttpResponseStatus.INTERNAL_SERVER_ERROR, Unpooled.EMPTY_BUFFER);
        error.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // The rest of a streamed response must not follow the 500 onto the wire.
        state.discardingBody = !(response instanceof LastHttpContent);
        state.failure = cause;
        ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        promise.tryFailure(cause);
    }

    private static void discard(ChannelSessions state, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            state.discardingBody = false;
        }
        ReferenceCountUtil.release(msg);
        promise.tryFailure(state.failure);
    }
}
