package dev.crumb.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The container's {@link AsyncContext}, committing the session in {@link #complete()} before the
 * container commits the response; by the time an {@link AsyncListener} hears of the completion,
 * the headers are gone.
 */
final class SessionAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final RequestSession state;

    SessionAsyncContext(AsyncContext context, RequestSession state) {
        this.context = context;
        this.state = state;
    }

    boolean wraps(AsyncContext other) {
        return context == other;
    }

    /**
     * Commits the session, then completes. If the session cannot be committed (it is too large
     * for its cookie), the response still completes, as an error if it was not yet committed, and
     * the exception reaches the caller, as it would in a synchronous request.
     */
    @Override
    public void complete() {
        try {
            state.commit("AsyncContext.complete() was called");
        } catch (RuntimeException e) {
            state.failResponse();
            context.complete();
            throw e;
        }
        context.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    /**
     * Dispatches. The session is committed by the filter at the end of the dispatch if the filter
     * is mapped to the {@code ASYNC} dispatcher type, else it cannot be saved.
     */
    @Override
    public void dispatch() {
        context.dispatch();
    }

    @Override
    public void dispatch(String path) {
        context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        context.dispatch(servletContext, path);
    }

    @Override
    public void start(Runnable run) {
        context.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        context.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return context.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }
}
