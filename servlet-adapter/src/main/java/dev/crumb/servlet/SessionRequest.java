package dev.crumb.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Answers the session methods of {@link HttpServletRequest} from the cookie session, and makes
 * asynchronous requests commit the session before they complete.
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final RequestSession state;
    private final ServletResponse response;
    private SessionAsyncContext async;

    SessionRequest(HttpServletRequest request, ServletResponse response, RequestSession state) {
        super(request);
        this.state = state;
        this.response = response;
    }

    RequestSession state() {
        return state;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return state.httpSession(create, getServletContext());
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return state.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return state.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return state.isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return state.requestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /**
     * A dispatcher whose {@code forward} commits the session first: a container may finish the
     * response at the end of a forward without passing through any wrapper (Tomcat 11 does by
     * default), which would lose the cookie. The forward target can read the session, not change it.
     */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        RequestDispatcher dispatcher = super.getRequestDispatcher(path);
        return dispatcher == null ? null : new SessionDispatcher(dispatcher, state);
    }

    /**
     * Starts asynchronous processing with this request and the session-aware response, so that
     * the asynchronous handler writes through the wrappers (the no-argument form would hand it
     * the container's own objects).
     */
    @Override
    public AsyncContext startAsync() {
        return track(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return track(super.startAsync(servletRequest, servletResponse));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = super.getAsyncContext();
        SessionAsyncContext ours = async;
        return ours != null && ours.wraps(context) ? ours : context;
    }

    private AsyncContext track(AsyncContext context) {
        context.addListener(new LateCompletion(state));
        SessionAsyncContext ours = new SessionAsyncContext(context, state);
        async = ours;
        return ours;
    }

    /** Commits the session before a forward; includes pass through (they cannot set headers anyway). */
    private static final class SessionDispatcher implements RequestDispatcher {
        private final RequestDispatcher dispatcher;
        private final RequestSession state;

        SessionDispatcher(RequestDispatcher dispatcher, RequestSession state) {
            this.dispatcher = dispatcher;
            this.state = state;
        }

        @Override
        public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            state.commit("the request was forwarded");
            dispatcher.forward(request, response);
        }

        @Override
        public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            dispatcher.include(request, response);
        }
    }

    /** Catches an asynchronous request that completed without committing its session. */
    private static final class LateCompletion implements AsyncListener {
        private final RequestSession state;

        LateCompletion(RequestSession state) {
            this.state = state;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            state.commitTooLate("when the asynchronous request completed without a call to complete() on the "
                    + "AsyncContext from startAsync(), as after a timeout or a dispatch() (map the filter to the "
                    + "ASYNC dispatcher type too, so that it saves the session after a dispatch)");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Listeners are dropped when asynchronous processing restarts; stay registered.
            event.getAsyncContext().addListener(this);
        }
    }
}
