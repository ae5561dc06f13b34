package dev.crumb.netty;

import dev.crumb.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * One channel's requests: those read and not yet answered, oldest first, and the request read
 * last, each with its session once someone asked for it.
 *
 * <p>Requests are added and answered on the event loop only; sessions are asked for from any
 * thread. The event loop's part takes no lock: a request that never asks for its session costs
 * one small object and one atomic exchange (when it is answered). The requests are a list linked
 * through the requests themselves, oldest unanswered first, published with release stores and
 * read with acquire loads. Which of "asked for" and "answered" comes first is settled by one atomic
 * field per request ({@link Exchange#handoff}), so a session is either committed with its
 * response or, asked for too late, frozen by the asker: never both, never neither.
 */
final class ChannelSessions {

    /** {@link Exchange#handoff} once the request is answered. */
    private static final Object ANSWERED = new Object();

    private static final VarHandle HANDOFF;
    private static final VarHandle NEXT;
    private static final VarHandle HEAD;
    private static final VarHandle LAST;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDOFF = lookup.findVarHandle(Exchange.class, "handoff", Object.class);
            NEXT = lookup.findVarHandle(Exchange.class, "next", Exchange.class);
            HEAD = lookup.findVarHandle(ChannelSessions.class, "head", Exchange.class);
            LAST = lookup.findVarHandle(ChannelSessions.class, "last", Exchange.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A request and, once asked for, its session. */
    private static final class Exchange {
        private final HttpRequest request;
        /** The session once loaded; written under this object's lock, read without. */
        private volatile Session session;
        /**
         * Null until either happens: the loaded session, when it was asked for first (the
         * response then commits it), or {@link #ANSWERED}, when the response came first.
         */
        @SuppressWarnings("unused") // through HANDOFF
        private Object handoff;
        /** The request read after this one. Written on the event loop. */
        @SuppressWarnings("unused") // through NEXT
        private Exchange next;

        Exchange(HttpRequest request) {
            this.request = request;
        }

        boolean isFor(HttpRequest other) {
            // An HttpObjectAggregator after the handler builds a new request object around the
            // one we saw, sharing its headers.
            return request == other || request.headers() == other.headers();
        }

        boolean isAnswered() {
            return HANDOFF.getAcquire(this) == ANSWERED;
        }
    }

    private final ChannelHandlerContext owner;
    private final Function<HttpRequest, Session> loader;
    /** The oldest unanswered request, or null. Written on the event loop. */
    @SuppressWarnings("unused") // through HEAD
    private Exchange head;
    /** The request read last, null after {@link #clear}. Event loop only. */
    private Exchange tail;
    /** The request read last, answered or not. Written on the event loop. */
    @SuppressWarnings("unused") // through LAST
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

    /** A request read. Event loop only. */
    void add(HttpRequest request) {
        Exchange e = new Exchange(request);
        if (tail != null) {
            // Linked even from an answered request, so that a walk begun before the event loop
            // answered it still reaches the requests read since.
            NEXT.setRelease(tail, e);
        }
        if (HEAD.getAcquire(this) == null) {
            HEAD.setRelease(this, e);
        }
        tail = e;
        LAST.setRelease(this, e);
    }

    /**
     * The session of the oldest unanswered request, which the next response answers; null if no
     * request waits or nobody asked for its session. Event loop only.
     */
    Session poll() {
        Exchange e = (Exchange) HEAD.getAcquire(this);
        if (e == null) {
            return null;
        }
        HEAD.setRelease(this, (Exchange) NEXT.getAcquire(e));
        Object handoff = HANDOFF.getAndSet(e, ANSWERED);
        return handoff instanceof Session s ? s : null;
    }

    /** The session of the request read last. Any thread. */
    Session current() {
        Exchange e = (Exchange) LAST.getAcquire(this);
        if (e == null) {
            throw new IllegalStateException("this channel has read no HTTP request yet");
        }
        return sessionOf(e);
    }

    /** The session of an unanswered request, or of the one read last. Any thread. */
    Session find(HttpRequest request) {
        for (Exchange e = (Exchange) HEAD.getAcquire(this); e != null; e = (Exchange) NEXT.getAcquire(e)) {
            // The walk may overtake the event loop answering requests: skip those answered.
            if (e.isFor(request) && !e.isAnswered()) {
                return sessionOf(e);
            }
        }
        Exchange last = (Exchange) LAST.getAcquire(this);
        if (last != null && last.isFor(request)) {
            return sessionOf(last);
        }
        throw new IllegalStateException("no session for this request: it was answered already, or it did not "
                + "pass through this channel's CookieSessionHandler");
    }

    private Session sessionOf(Exchange e) {
        Session s = e.session;
        if (s != null) {
            return s;
        }
        synchronized (e) {
            s = e.session;
            if (s == null) {
                s = loader.apply(e.request);
                if (!HANDOFF.compareAndSet(e, null, s)) {
                    // Asked for only after its response was written: readable, but a change must
                    // throw, as it does for any answered session, rather than vanish.
                    s.freeze();
                }
                e.session = s;
            }
            return s;
        }
    }

    /** Forgets the unanswered requests: the channel is closed. Event loop only. */
    void clear() {
        HEAD.setRelease(this, null);
        tail = null;
    }
}
