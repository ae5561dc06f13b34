package dev.crumb.netty;

import dev.crumb.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * One channel's requests: those read and not yet answered, oldest first, and the request read
 * last, each with its session once someone asked for it. Requests are added and answered on the
 * event loop; sessions are asked for from any thread, hence the locks (never contended in
 * practice).
 */
final class ChannelSessions {

    /** A request and, once asked for, its session. Guarded by the ChannelSessions' lock. */
    private static final class Exchange {
        private final HttpRequest request;
        private Session session;
        private boolean answered;

        Exchange(HttpRequest request) {
            this.request = request;
        }

        boolean isFor(HttpRequest other) {
            // An HttpObjectAggregator after the handler builds a new request object around the
            // one we saw, sharing its headers.
            return request == other || request.headers() == other.headers();
        }
    }

    private final ChannelHandlerContext owner;
    private final Function<HttpRequest, Session> loader;
    private final ArrayDeque<Exchange> unanswered = new ArrayDeque<>();
    private Exchange last;

    /** Set after a failed commit: the rest of that response's body is dropped. Event loop only. */
    boolean discardingBody;
    /** Why the body is dropped. Event loop only. */
    RuntimeException failure;

    /** @param loader opens a request's cookie, when its session is first asked for */
    ChannelSessions(ChannelHandlerContext owner, Function<HttpRequest, Session> loader) {
        this.owner = owner;
        this.loader = loader;
    }

    /** The context of the handler these sessions belong to. */
    ChannelHandlerContext owner() {
        return owner;
    }

    synchronized void add(HttpRequest request) {
        last = new Exchange(request);
        unanswered.add(last);
    }

    /**
     * The session of the oldest unanswered request, which the next response answers; null if no
     * request waits or nobody asked for its session.
     */
    synchronized Session poll() {
        Exchange e = unanswered.poll();
        if (e == null) {
            return null;
        }
        e.answered = true;
        return e.session;
    }

    synchronized Session current() {
        if (last == null) {
            throw new IllegalStateException("this channel has read no HTTP request yet");
        }
        return sessionOf(last);
    }

    synchronized Session find(HttpRequest request) {
        for (Exchange e : unanswered) {
            if (e.isFor(request)) {
                return sessionOf(e);
            }
        }
        if (last != null && last.isFor(request)) {
            return sessionOf(last);
        }
        throw new IllegalStateException("no session for this request: it was answered already, or it did not "
                + "pass through this channel's CookieSessionHandler");
    }

    private Session sessionOf(Exchange e) {
        if (e.session == null) {
            e.session = loader.apply(e.request);
            if (e.answered) {
                // Asked for only after its response was written: readable, but a change must
                // throw, as it does for any answered session, rather than vanish.
                e.session.freeze();
            }
        }
        return e.session;
    }

    synchronized void clear() {
        unanswered.clear();
    }
}
