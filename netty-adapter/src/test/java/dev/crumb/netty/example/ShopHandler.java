package dev.crumb.netty.example;

import dev.crumb.Session;
import dev.crumb.netty.CookieSessionHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The shop's endpoints, one instance per connection or HTTP/2 stream.
 *
 * <ul>
 *   <li>{@code GET /}: counts the visit and shows the session: {@code user=alice visits=2 cart=apple,pear}</li>
 *   <li>{@code GET /peek}: shows the session without changing it</li>
 *   <li>{@code POST /login?user=NAME}: a new session id (against fixation) for that user</li>
 *   <li>{@code POST /cart?add=ITEM}: puts an item in the cart</li>
 *   <li>{@code POST /logout}: ends the session; the response deletes the cookie</li>
 * </ul>
 *
 * <p>The session is taken on the event loop, where {@link CookieSessionHandler#session} gives the
 * request being read, and handed to the work on another thread, which writes the response from
 * there; the handler adds the cookie on the event loop. Work for one connection is chained so that
 * pipelined requests are answered in order, as HTTP/1.1 requires.
 */
final class ShopHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private record Reply(HttpResponseStatus status, String text) {}

    private final Executor work;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null); // event loop only

    ShopHandler(Executor work) {
        this.work = work;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Session session = CookieSessionHandler.session(ctx);
        HttpMethod method = request.method();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        // The request is released when this method returns; the work takes only what it needs.
        previous = previous.thenRunAsync(() -> respond(ctx, handle(method, uri, session), keepAlive), work);
    }

    private static Reply handle(HttpMethod method, QueryStringDecoder uri, Session session) {
        try {
            String path = uri.path();
            if (HttpMethod.GET.equals(method) && path.equals("/")) {
                Integer visits = session.get("visits", Integer.class);
                session.put("visits", visits == null ? 1 : visits + 1);
                return ok(describe(session));
            }
            if (HttpMethod.GET.equals(method) && path.equals("/peek")) {
                return ok(describe(session));
            }
            if (HttpMethod.POST.equals(method) && path.equals("/login")) {
                String user = parameter(uri, "user");
                if (user == null) {
                    return new Reply(HttpResponseStatus.BAD_REQUEST, "user is required");
                }
                session.regenerate();
                session.subject(user);
                return ok("welcome " + user);
            }
            if (HttpMethod.POST.equals(method) && path.equals("/cart")) {
                String item = parameter(uri, "add");
                if (item == null) {
                    return new Reply(HttpResponseStatus.BAD_REQUEST, "add is required");
                }
                List<String> cart = new ArrayList<>(cart(session));
                cart.add(item);
                session.put("cart", cart);
                return ok(describe(session));
            }
            if (HttpMethod.POST.equals(method) && path.equals("/logout")) {
                session.invalidate();
                return ok("bye");
            }
            return new Reply(HttpResponseStatus.NOT_FOUND, "no such page");
        } catch (RuntimeException e) {
            // An uncaught exception would break the chain of work for this connection.
            return new Reply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "something went wrong");
        }
    }

    private static String describe(Session session) {
        Integer visits = session.get("visits", Integer.class);
        return "user=" + session.subject().orElse("anonymous")
                + " visits=" + (visits == null ? 0 : visits)
                + " cart=" + String.join(",", cart(session));
    }

    private static List<String> cart(Session session) {
        String[] items = session.get("cart", String[].class);
        return items == null ? List.of() : Arrays.asList(items);
    }

    private static String parameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static Reply ok(String text) {
        return new Reply(HttpResponseStatus.OK, text);
    }

    private static void respond(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.copiedBuffer(reply.text() + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        // Called on a worker thread: Netty runs the write, and the session handler's commit, on the event loop.
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
