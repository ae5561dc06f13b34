package dev.crumb.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Objects;

/**
 * Writes the session's Set-Cookie headers just before the response commits. Body bytes pass
 * straight through to the container; the wrapper only counts them, so that the session is
 * committed before any write that could make the container send the headers: one that fills the
 * buffer, reaches the content length, or is large enough to be sent unbuffered (Jetty sends a
 * single write above its aggregation size, a quarter of the buffer by default, straight to the
 * network). Text is counted at the charset's widest encoding, so the estimate errs early.
 */
final class SessionResponse extends HttpServletResponseWrapper {

    /** Servlet 6.1's {@code sendRedirect(String, int, boolean)}; null on a Servlet 6.0 API. */
    private static final MethodHandle SEND_REDIRECT_6_1 = findSendRedirect61();

    private final RequestSession state;
    private long contentLength = -1;
    /** Body bytes written since the last reset, counting text at its widest encoding. */
    private long written;
    private SessionOutputStream stream;
    private PrintWriter writer;

    SessionResponse(HttpServletResponse response, RequestSession state) {
        super(response);
        this.state = state;
    }

    RequestSession state() {
        return state;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new SessionOutputStream(super.getOutputStream(), this);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter container = super.getWriter();
            writer = new SessionPrintWriter(new SessionWriter(container, this, widestEncoding(getCharacterEncoding())),
                    container);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        state.commit("the response was flushed");
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        state.commit("sendError was called");
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        state.commit("sendError was called");
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        state.commit("sendRedirect was called");
        super.sendRedirect(location);
    }

    // Servlet 6.1 added three sendRedirect overloads, which HttpServletResponseWrapper passes
    // straight to the wrapped response. These methods override them on a 6.1 container; on a
    // 6.0 container nothing can call them.

    /** Servlet 6.1: commits the session, then redirects. */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (SEND_REDIRECT_6_1 == null) {
            throw new UnsupportedOperationException("sendRedirect(String, int, boolean) needs Servlet 6.1");
        }
        state.commit("sendRedirect was called");
        try {
            SEND_REDIRECT_6_1.invokeExact((HttpServletResponse) getResponse(), location, sc, clearBuffer);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Servlet 6.1: commits the session, then redirects. */
    public void sendRedirect(String location, int sc) throws IOException {
        sendRedirect(location, sc, true);
    }

    /** Servlet 6.1: commits the session, then redirects. */
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        sendRedirect(location, SC_FOUND, clearBuffer);
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
        // reset() also lets the application choose between writer and stream anew.
        stream = null;
        writer = null;
        if (state.isCommitted()) {
            // reset() cleared the headers, ours included, but the response is not yet sent.
            state.restoreHeaders();
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public void setContentLength(int len) {
        super.setContentLength(len);
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        contentLength = len;
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        noteContentLength(name, value, true);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        noteContentLength(name, value, false);
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        noteContentLength(name, Integer.toString(value), true);
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        noteContentLength(name, Integer.toString(value), false);
    }

    /** Commits the session if writing {@code bytes} more could commit the response. */
    void beforeWrite(long bytes) {
        if (state.isCommitted()) {
            return;
        }
        written += bytes;
        int buffer = getBufferSize();
        if (contentLength >= 0 && written >= contentLength) {
            state.commit("the response body reached its Content-Length");
        } else if (written >= buffer || bytes > buffer / 4) {
            state.commit("the response body could fill the buffer");
        }
    }

    /** Notices a response the container committed although no rule above expected it. */
    void afterWrite() {
        if (!state.isCommitted() && getResponse().isCommitted()) {
            state.commitTooLate("after a write (" + written + " body bytes in all)");
        }
    }

    void beforeFlush() {
        state.commit("the response was flushed");
    }

    void beforeClose() {
        state.commit("the response was closed");
    }

    private void noteContentLength(String name, String value, boolean replace) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            return;
        }
        if (value == null) {
            if (replace) {
                contentLength = -1;
            }
            return;
        }
        try {
            contentLength = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            contentLength = -1;
        }
    }

    private static float widestEncoding(String charset) {
        try {
            return Charset.forName(charset).newEncoder().maxBytesPerChar();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException | UnsupportedOperationException
                 | NullPointerException e) {
            return 4f; // no charset encodes a char in more than four bytes
        }
    }

    private static MethodHandle findSendRedirect61() {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, "sendRedirect",
                    MethodType.methodType(void.class, String.class, int.class, boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** The container's output stream, counted. */
    private static final class SessionOutputStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final SessionResponse response;

        SessionOutputStream(ServletOutputStream out, SessionResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            response.beforeWrite(1);
            out.write(b);
            response.afterWrite();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            response.beforeWrite(len);
            out.write(b, off, len);
            response.afterWrite();
        }

        @Override
        public void flush() throws IOException {
            response.beforeFlush();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            response.beforeClose();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /** The container's writer, counted at the widest encoding of its charset. */
    private static final class SessionWriter extends Writer {
        private final PrintWriter out;
        private final SessionResponse response;
        private final float bytesPerChar;

        SessionWriter(PrintWriter out, SessionResponse response, float bytesPerChar) {
            this.out = out;
            this.response = response;
            this.bytesPerChar = bytesPerChar;
        }

        @Override
        public void write(int c) {
            response.beforeWrite(bytes(1));
            out.write(c);
            response.afterWrite();
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            Objects.checkFromIndexSize(off, len, cbuf.length);
            if (len == 0) {
                return;
            }
            response.beforeWrite(bytes(len));
            out.write(cbuf, off, len);
            response.afterWrite();
        }

        @Override
        public void write(String str, int off, int len) {
            Objects.checkFromIndexSize(off, len, str.length());
            if (len == 0) {
                return;
            }
            response.beforeWrite(bytes(len));
            out.write(str, off, len);
            response.afterWrite();
        }

        @Override
        public void flush() {
            response.beforeFlush();
            out.flush();
        }

        @Override
        public void close() {
            response.beforeClose();
            out.close();
        }

        private long bytes(int chars) {
            return (long) Math.ceil(chars * (double) bytesPerChar);
        }
    }

    /** A PrintWriter over {@link SessionWriter} that still reports the container writer's errors. */
    private static final class SessionPrintWriter extends PrintWriter {
        private final PrintWriter container;

        SessionPrintWriter(Writer out, PrintWriter container) {
            super(out);
            this.container = container;
        }

        @Override
        public boolean checkError() {
            return super.checkError() || container.checkError();
        }
    }
}
