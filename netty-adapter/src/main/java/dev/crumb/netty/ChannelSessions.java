package dev.crumb.netty;

import dev.crumb.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;

/**
 * One channel's sessions: those of requests read and not yet answered, oldest first, and the
 * session of the request read last. Changed on the event loop only; read from any thread, hence
 * the locks (never contended in practice).
 */
final class ChannelSessions {

    private record Exchange(HttpRequest request, Session session) {

        boolean isFor(HttpRequest other) {
            // An HttpObjectAggregator after the handler builds a new request object around the
            // one we saw, sharing its headers.
            return request == other || request.headers() == other.headers();
        }
    }

    private final ChannelHandlerContext owner;
    private final ArrayDeque<Exchange> unanswered = new ArrayDeque<>();
    private Exchange last;

    /** Set after a failed commit: the rest of that response's body is dropped. Event loop only. */
    boolean discardingBody;
    /** Why the body is dropped. Event loop only. */
    RuntimeException failure;

    ChannelSessions(ChannelHandlerContext owner) {
        this.owner = owner;
    }

    /** The context of the handler these sessions belong to. */
    ChannelHandlerContext owner() {
        return owner;
    }

    synchronized void add(HttpRequest request, Session session) {
        last = new Exchange(request, session);
        unanswered.add(last);
    }

    /** The session of the oldest unanswered request, which the next response answers; null if none. */
    synchronized Session poll() {
        Exchange e = unanswered.poll();
        return e == null ? null : e.session();
    }

    synchronized Session current() {
        if (last == null) {
            throw new IllegalStateException("this channel has read no HTTP request yet");
        }
        return last.session();
    }

    synchronized Session find(HttpRequest request) {
        for (Exchange e : unanswered) {
            if (e.isFor(request)) {
                return e.session();
            }
        }
        if (last != null && last.isFor(request)) {
            return last.session();
        }
        throw new IllegalStateException("no session for this request: it was answered already, or it did not "
                + "pass through this channel's CookieSessionHandler");
    }

    synchronized void clear() {
        unanswered.clear();
    }
}
