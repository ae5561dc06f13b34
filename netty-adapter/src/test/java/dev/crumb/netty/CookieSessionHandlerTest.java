package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.RejectReason;
import dev.crumb.Session;
import dev.crumb.SessionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler's logic, driven through {@link EmbeddedChannel}. */
class CookieSessionHandlerTest {

    private final CookieSessions sessions = Cookies.sessions();
    private final CookieSessionHandler handler = new CookieSessionHandler(sessions);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    // ---- loading ----

    @Test
    void validCookie_isLoadedForLaterHandlers() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);

        ch.writeInbound(get("/", Cookies.cookieHeader(sessions, Map.of("user", "alice"))));

        Session session = app.sessions.get(0);
        assertFalse(session.isNew());
        assertEquals("alice", session.get("user"));
        assertSame(session, app.seenInChannelRead.get(0));
    }

    @Test
    void everyCookieHeader_isRead() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);
        HttpRequest request = get("/", "theme=dark");
        request.headers().add(HttpHeaderNames.COOKIE, Cookies.cookieHeader(sessions, Map.of("user", "bob")));

        ch.writeInbound(request);

        assertEquals("bob", app.sessions.get(0).get("user"));
    }

    @Test
    void invalidCookie_givesEmptySession_andTheResponseDeletesIt() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);
        String good = Cookies.cookieHeader(sessions, Map.of("user", "alice"));
        int middle = good.length() / 2;
        String tampered = good.substring(0, middle) + (good.charAt(middle) == 'A' ? 'B' : 'A')
                + good.substring(middle + 1);

        ch.writeInbound(get("/", tampered));
        HttpResponse response = respond(ch, ok());

        Session session = app.sessions.get(0);
        assertTrue(session.isNew());
        assertNull(session.get("user"));
        assertTrue(session.rejectReason().isPresent());
        List<String> setCookies = setCookies(response);
        assertEquals(1, setCookies.size(), setCookies::toString);
        assertTrue(Cookies.isDeletion(setCookies.get(0)), setCookies.get(0));
    }

    @Test
    void garbageCookies_neverRaiseAnException() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);
        for (String junk : List.of("session=", "session=a.b.c.d.e", "session=\"..\"", "session=\u00e9;;",
                "session=x; session=y", "=;=;session")) {
            ch.writeInbound(get("/", junk));
            respond(ch, ok());
        }
        ch.checkException();
        assertEquals(6, app.sessions.size());
        assertTrue(app.sessions.stream().allMatch(Session::isNew));
        assertEquals(RejectReason.AMBIGUOUS, app.sessions.get(4).rejectReason().orElseThrow());
    }

    // ---- loading only when asked ----

    @Test
    void requestThatNeverAsks_opensNoCookie_andGetsNoSetCookie() {
        AtomicInteger opened = new AtomicInteger();
        CookieSessions counting = countingOpens(opened);
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(new CookieSessionHandler(counting), new Ignorer(), app);
        String valid = Cookies.cookieHeader(counting, Map.of("user", "alice"));
        String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("A") ? "BB" : "AA");

        ch.writeInbound(get("/static/logo.png", valid));
        HttpResponse untouched = readResponse(ch);
        ch.writeInbound(get("/static/app.css", tampered));
        HttpResponse untouchedInvalid = readResponse(ch);

        assertEquals(0, opened.get(), "a valid cookie was opened for a request that never asked");
        assertEquals(List.of(), setCookies(untouched));
        assertEquals(List.of(), setCookies(untouchedInvalid), "not even the deletion of an invalid cookie");
        assertEquals(List.of(), app.sessions);

        ch.writeInbound(get("/account", valid));
        respond(ch, ok());
        assertEquals(1, opened.get());
        assertEquals("alice", app.sessions.get(0).get("user"));
    }

    @Test
    void keepAlive_requestsThatAskAndThatDoNot_eachGetTheirOwnSession_inOrder() {
        EmbeddedChannel ch = channel(new HttpServerCodec(), new HttpObjectAggregator(1024), handler,
                new Ignorer(), new EchoApp());
        StringBuilder requests = new StringBuilder();
        for (String user : List.of("ann", "ben", "cid", "dan")) {
            String path = user.equals("ben") || user.equals("dan") ? "/static/x" : "/visit";
            requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: test\r\nCookie: ")
                    .append(Cookies.cookieHeader(sessions, Map.of("user", user))).append("\r\n\r\n");
        }

        ch.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.US_ASCII));

        String[] responses = drainOutbound(ch).split("(?=HTTP/1.1 200 OK)");
        assertEquals(4, responses.length);
        List<String> seen = new ArrayList<>();
        Pattern setCookie = Pattern.compile("set-cookie: ([^\r]*)\r\n", Pattern.CASE_INSENSITIVE);
        for (String response : responses) {
            Matcher m = setCookie.matcher(response);
            seen.add(m.find() ? Cookies.reload(sessions, m.group(1)).get("user") + ":visited" : "-");
        }
        assertEquals(List.of("ann:visited", "-", "cid:visited", "-"), seen);
    }

    @Test
    void pipelined_sessionOfAnEarlierRequest_isOpenedFromThatRequestsCookie() {
        EmbeddedChannel ch = channel(handler, new Ignorer());
        HttpRequest first = get("/1", Cookies.cookieHeader(sessions, Map.of("user", "ann")));
        HttpRequest second = get("/2", Cookies.cookieHeader(sessions, Map.of("user", "ben")));
        ch.writeInbound(first, second);
        ChannelHandlerContext ctx = ch.pipeline().context(Ignorer.class);

        assertEquals("ben", CookieSessionHandler.session(ctx).get("user"));
        assertEquals("ann", CookieSessionHandler.session(ctx, first).get("user"));
        assertSame(CookieSessionHandler.session(ctx, first), CookieSessionHandler.session(ctx, first));
        CookieSessionHandler.session(ctx, first).put("seen", "yes");

        List<String> setCookies = setCookies(respond(ch, ok()));
        assertEquals("ann", Cookies.reload(sessions, setCookies.get(0)).get("user"));
        assertEquals("yes", Cookies.reload(sessions, setCookies.get(0)).get("seen"));
        assertEquals(List.of(), setCookies(respond(ch, ok())));
    }

    @Test
    void sessionFirstAskedForAfterItsResponse_isCommitted_soAChangeThrowsInsteadOfBeingLost() {
        EmbeddedChannel ch = channel(handler, new Ignorer());
        ch.writeInbound(get("/", Cookies.cookieHeader(sessions, Map.of("user", "ann"))));
        respond(ch, ok());

        Session late = CookieSessionHandler.session(ch.pipeline().context(Ignorer.class));
        assertEquals("ann", late.get("user"));
        assertTrue(late.isFrozen());
        assertThrows(IllegalStateException.class, () -> late.put("user", "eve"));
    }

    @Test
    void sessionAskedForFromOtherThreads_whileItsResponseIsWritten_opensOnce_andEndsCommittedOrFrozen()
            throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CookieSessions counting = countingOpens(opened);
        EmbeddedChannel ch = channel(new CookieSessionHandler(counting), new Ignorer());
        ChannelHandlerContext ctx = ch.pipeline().context(Ignorer.class);
        String cookie = Cookies.cookieHeader(counting, Map.of("user", "kim"));
        opened.set(0);
        ExecutorService askers = Executors.newFixedThreadPool(2);
        try {
            for (int i = 1; i <= 300; i++) {
                HttpRequest request = get("/", cookie);
                ch.writeInbound(request);
                CyclicBarrier start = new CyclicBarrier(3);
                Callable<Session> ask = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return CookieSessionHandler.session(ctx, request);
                };
                Future<Session> first = askers.submit(ask);
                Future<Session> second = askers.submit(ask);
                start.await(10, TimeUnit.SECONDS);
                respond(ch, ok());
                Session session = first.get(10, TimeUnit.SECONDS);

                assertSame(session, second.get(10, TimeUnit.SECONDS));
                assertEquals(i, opened.get(), "each request's cookie is opened once");
                // Committed by its response if asked for first, else frozen by the asker: never open.
                assertTrue(session.isFrozen());
                assertEquals("kim", session.get("user"));
            }
        } finally {
            askers.shutdownNow();
        }
    }

    // ---- committing ----

    @Test
    void fullResponse_carriesTheCookieOfItsChangedSession() {
        Recorder app = new Recorder(s -> s.put("user", "carol"));
        EmbeddedChannel ch = channel(handler, app);

        ch.writeInbound(get("/login", null));
        HttpResponse response = respond(ch, ok());

        List<String> setCookies = setCookies(response);
        assertEquals(1, setCookies.size());
        assertEquals("carol", Cookies.reload(sessions, setCookies.get(0)).get("user"));
        assertTrue(app.sessions.get(0).isFrozen());
    }

    @Test
    void untouchedSession_addsNoSetCookie() {
        Recorder app = new Recorder(s -> s.get("user"));
        EmbeddedChannel ch = channel(handler, app);

        ch.writeInbound(get("/", Cookies.cookieHeader(sessions, Map.of("user", "alice"))));
        HttpResponse response = respond(ch, ok());

        assertEquals(List.of(), setCookies(response));
    }

    @Test
    void streamedResponse_getsTheCookieOnItsHead_andContentPassesUntouched() {
        Recorder app = new Recorder(s -> s.put("user", "dave"));
        EmbeddedChannel ch = channel(handler, app);
        ch.writeInbound(get("/stream", null));

        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer("part", StandardCharsets.US_ASCII));
        ch.writeOutbound(head, part, LastHttpContent.EMPTY_LAST_CONTENT);

        HttpResponse writtenHead = ch.readOutbound();
        assertSame(head, writtenHead);
        assertEquals("dave", Cookies.reload(sessions, setCookies(writtenHead).get(0)).get("user"));
        HttpContent writtenPart = ch.readOutbound();
        assertSame(part, writtenPart);
        assertEquals("part", writtenPart.content().toString(StandardCharsets.US_ASCII));
        writtenPart.release();
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, ch.readOutbound());
    }

    @Test
    void session_isCommittedOnce_andAChangeAfterTheResponseThrows() {
        Recorder app = new Recorder(s -> s.put("n", 1));
        EmbeddedChannel ch = channel(handler, app);
        ch.writeInbound(get("/", null));
        respond(ch, ok());
        Session session = app.sessions.get(0);

        assertTrue(session.isFrozen());
        assertThrows(IllegalStateException.class, () -> session.put("n", 2));
        assertEquals(List.of(), sessions.commit(session));
        // A second final response (a bug in the application) has no request left to answer.
        assertEquals(List.of(), setCookies(respond(ch, ok())));
    }

    @Test
    void responseWithoutRequest_passesThroughUnchanged() {
        EmbeddedChannel ch = channel(handler);
        FullHttpResponse response = ok();

        assertSame(response, respond(ch, response));
        assertFalse(response.headers().contains(HttpHeaderNames.SET_COOKIE));
    }

    // ---- matching responses to requests ----

    @Test
    void pipelinedRequests_eachResponseCarriesItsOwnSession_inOrder() {
        Recorder app = new Recorder(s -> s.put("count", ((Integer) s.get("count")) + 1));
        EmbeddedChannel ch = channel(handler, app);
        for (String user : List.of("ann", "ben", "cid")) {
            ch.writeInbound(get("/" + user, Cookies.cookieHeader(sessions, s -> {
                s.put("user", user);
                s.put("count", 10);
            })));
        }
        assertEquals(3, app.sessions.size());

        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Session next = Cookies.reload(sessions, setCookies(respond(ch, ok())).get(0));
            users.add((String) next.get("user"));
            assertEquals(11, next.get("count"));
        }
        assertEquals(List.of("ann", "ben", "cid"), users);
    }

    @Test
    void sessionOfRequest_isFoundAfterLaterRequestsWereRead() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);
        ch.writeInbound(get("/1", null), get("/2", null), get("/3", null));

        for (int i = 0; i < 3; i++) {
            assertSame(app.sessions.get(i), CookieSessionHandler.session(app.ctx, app.requests.get(i)));
        }
        assertSame(app.sessions.get(2), CookieSessionHandler.session(app.ctx));
        respond(ch, ok());
        assertThrows(IllegalStateException.class, () -> CookieSessionHandler.session(app.ctx, app.requests.get(0)));
        assertThrows(IllegalStateException.class, () -> CookieSessionHandler.session(app.ctx, get("/other", null)));
    }

    @Test
    void aggregatorAfterTheHandler_sessionOfTheAggregatedRequestIsFound() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, new HttpObjectAggregator(1024), app);
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/form");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 3)
                .set(HttpHeaderNames.COOKIE, Cookies.cookieHeader(sessions, Map.of("user", "eve")));

        ch.writeInbound(head, new DefaultHttpContent(Unpooled.copiedBuffer("a=1", StandardCharsets.US_ASCII)),
                LastHttpContent.EMPTY_LAST_CONTENT);

        FullHttpRequest aggregated = assertInstanceOf(FullHttpRequest.class, app.requests.get(0));
        assertFalse(aggregated == head);
        assertEquals("eve", CookieSessionHandler.session(app.ctx, aggregated).get("user"));
    }

    @Test
    void interimResponses_doNotTakeTheSession() {
        Recorder app = new Recorder(s -> s.put("user", "fay"));
        EmbeddedChannel ch = channel(handler, app);
        HttpRequest request = get("/upload", null);
        request.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        ch.writeInbound(request);

        HttpResponse cont = respond(ch, response(HttpResponseStatus.CONTINUE));
        HttpResponse hints = respond(ch, response(HttpResponseStatus.valueOf(103)));
        HttpResponse last = respond(ch, ok());

        assertEquals(List.of(), setCookies(cont));
        assertEquals(List.of(), setCookies(hints));
        assertEquals("fay", Cookies.reload(sessions, setCookies(last).get(0)).get("user"));
    }

    @Test
    void switchingProtocols_takesTheSession_asItEndsTheExchange() {
        Recorder app = new Recorder(s -> s.put("user", "gus"));
        EmbeddedChannel ch = channel(handler, app);
        ch.writeInbound(get("/ws", null));

        HttpResponse upgrade = respond(ch, response(HttpResponseStatus.SWITCHING_PROTOCOLS));

        assertEquals("gus", Cookies.reload(sessions, setCookies(upgrade).get(0)).get("user"));
    }

    // ---- failures ----

    @Test
    void sessionTooLarge_answers500_failsThePromise_andCloses() {
        Recorder app = new Recorder(s -> s.put("blob", noise(6000)));
        EmbeddedChannel ch = channel(handler, app);
        ch.writeInbound(get("/", null));

        FullHttpResponse original = ok();
        ChannelFuture write;
        try (CapturedLog log = CapturedLog.of(CookieSessionHandler.class)) {
            write = ch.writeOneOutbound(original);
            assertEquals(1, log.records().size());
            assertEquals(Level.SEVERE, log.records().get(0).getLevel());
            assertInstanceOf(SessionException.class, log.records().get(0).getThrown());
        }

        assertInstanceOf(SessionException.class, write.cause());
        assertEquals(0, original.refCnt());
        FullHttpResponse error = ch.readOutbound();
        assertEquals(HttpResponseStatus.INTERNAL_SERVER_ERROR, error.status());
        assertFalse(error.headers().contains(HttpHeaderNames.SET_COOKIE));
        assertEquals("close", error.headers().get(HttpHeaderNames.CONNECTION));
        error.release();
        assertFalse(ch.isOpen());
    }

    @Test
    void sessionTooLarge_onAStreamedResponse_dropsItsBody() {
        Recorder app = new Recorder(s -> s.put("blob", noise(6000)));
        EmbeddedChannel ch = new EmbeddedChannel(handler, app);
        channels.add(ch);
        ch.writeInbound(get("/", null));
        // Keep the channel open after the 500 to see what happens to the body written after the head.
        ch.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
                promise.setSuccess();
            }
        });

        HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer("secret", StandardCharsets.US_ASCII));
        ChannelFuture head;
        ChannelFuture body;
        ChannelFuture end;
        try (CapturedLog log = CapturedLog.of(CookieSessionHandler.class)) {
            head = ch.writeOneOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
            body = ch.writeOneOutbound(part);
            end = ch.writeOneOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
            ch.flushOutbound();
            assertEquals(1, log.records().size());
        }

        assertInstanceOf(SessionException.class, head.cause());
        assertSame(head.cause(), body.cause());
        assertSame(head.cause(), end.cause());
        assertEquals(0, part.refCnt());
        FullHttpResponse error = ch.readOutbound();
        assertEquals(HttpResponseStatus.INTERNAL_SERVER_ERROR, error.status());
        error.release();
        assertNull(ch.readOutbound());
    }

    @Test
    void sessionTooLarge_onAnHttp2Stream_answers500_withoutConnectionHeaders() {
        Recorder app = new Recorder(s -> s.put("blob", noise(6000)));
        EmbeddedChannel ch = channel(new Http2StreamFrameToHttpObjectCodec(true), handler, app);
        ch.writeInbound(new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers().method("GET").path("/").scheme("http").authority("test"), true));

        try (CapturedLog log = CapturedLog.of(CookieSessionHandler.class)) {
            ch.writeOneOutbound(ok());
            assertEquals(1, log.records().size());
            assertInstanceOf(SessionException.class, log.records().get(0).getThrown());
        }

        Http2HeadersFrame headers = ch.readOutbound();
        assertEquals("500", headers.headers().status().toString());
        assertFalse(headers.headers().contains(HttpHeaderNames.CONNECTION));
        assertFalse(headers.headers().contains(HttpHeaderNames.SET_COOKIE));
        assertTrue(headers.isEndStream());
        assertFalse(ch.isOpen());
    }

    @Test
    void noHandlerInThePipeline_sessionThrowsNamingTheFix() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(app);
        ch.writeInbound(get("/", null));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CookieSessionHandler.session(app.ctx));
        assertTrue(e.getMessage().contains("after HttpServerCodec"), e.getMessage());
    }

    @Test
    void beforeAnyRequest_sessionThrows() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(handler, app);
        ch.pipeline().fireChannelActive();

        assertThrows(IllegalStateException.class, () -> CookieSessionHandler.session(ch.pipeline().context(app)));
    }

    @Test
    void secondHandlerInOnePipeline_isRefused_andTheFirstKeepsWorking() {
        Recorder app = new Recorder(s -> s.put("user", "hal"));
        EmbeddedChannel ch = channel(handler, app);
        ch.pipeline().addBefore(ch.pipeline().context(app).name(), null, new CookieSessionHandler(sessions));

        Exception e = assertThrows(Exception.class, ch::checkException);
        assertTrue(String.valueOf(e.getCause()).contains("already"), String.valueOf(e));
        ch.writeInbound(get("/", null));
        assertEquals("hal", Cookies.reload(sessions, setCookies(respond(ch, ok())).get(0)).get("user"));
    }

    @Test
    void sharedInstance_keepsEachChannelsSessionsApart() {
        Recorder first = new Recorder(s -> s.put("user", "one"));
        Recorder second = new Recorder(s -> s.put("user", "two"));
        EmbeddedChannel a = channel(handler, first);
        EmbeddedChannel b = channel(handler, second);

        a.writeInbound(get("/", null));
        b.writeInbound(get("/", null));

        assertEquals("two", Cookies.reload(sessions, setCookies(respond(b, ok())).get(0)).get("user"));
        assertEquals("one", Cookies.reload(sessions, setCookies(respond(a, ok())).get(0)).get("user"));
    }

    // ---- behind a real codec ----

    @Test
    void behindHttpServerCodec_pipelinedBytes_getTheirOwnCookies_inOrder() {
        EmbeddedChannel ch = channel(new HttpServerCodec(), new HttpObjectAggregator(1024), handler, new EchoApp());
        StringBuilder requests = new StringBuilder();
        for (String user : List.of("ann", "ben", "cid")) {
            requests.append("GET /visit HTTP/1.1\r\nHost: test\r\nCookie: ")
                    .append(Cookies.cookieHeader(sessions, Map.of("user", user))).append("\r\n\r\n");
        }

        ch.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.US_ASCII));

        String wire = drainOutbound(ch);
        Matcher setCookie = Pattern.compile("set-cookie: ([^\r]*)\r\n", Pattern.CASE_INSENSITIVE).matcher(wire);
        List<String> seen = new ArrayList<>();
        while (setCookie.find()) {
            Session next = Cookies.reload(sessions, setCookie.group(1));
            seen.add(next.get("user") + ":" + next.get("visits"));
        }
        assertEquals(List.of("ann:1", "ben:1", "cid:1"), seen);
        assertEquals(3, wire.split("HTTP/1.1 200 OK", -1).length - 1);
    }

    @Test
    void behindHttp2StreamCodec_cookieCrumbsInSeparateFields_areAllRead() {
        Recorder app = new Recorder();
        EmbeddedChannel ch = channel(new Http2StreamFrameToHttpObjectCodec(true), handler, app);
        Http2Headers headers = new DefaultHttp2Headers()
                .method("GET").path("/").scheme("http").authority("test")
                .add(HttpHeaderNames.COOKIE, "theme=dark")
                .add(HttpHeaderNames.COOKIE, Cookies.cookieHeader(sessions, Map.of("user", "ivy")))
                .add(HttpHeaderNames.COOKIE, "lang=en");

        ch.writeInbound(new DefaultHttp2HeadersFrame(headers, true));

        assertEquals("ivy", app.sessions.get(0).get("user"));
    }

    // ---- helpers ----

    private EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        channels.add(ch);
        return ch;
    }

    private static HttpRequest get(String uri, String cookie) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (cookie != null) {
            request.headers().set(HttpHeaderNames.COOKIE, cookie);
        }
        return request;
    }

    private static FullHttpResponse ok() {
        return response(HttpResponseStatus.OK);
    }

    private static FullHttpResponse response(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    /** Writes a response as the application would, and returns what reached the codec. */
    private static HttpResponse respond(EmbeddedChannel ch, HttpResponse response) {
        ch.writeOutbound(response);
        HttpResponse written = ch.readOutbound();
        ReferenceCountUtil.release(written);
        return written;
    }

    /** The response the application wrote itself. */
    private static HttpResponse readResponse(EmbeddedChannel ch) {
        HttpResponse written = ch.readOutbound();
        ReferenceCountUtil.release(written);
        return written;
    }

    private static List<String> setCookies(HttpResponse response) {
        return response.headers().getAll(HttpHeaderNames.SET_COOKIE);
    }

    private static String drainOutbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
            sb.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return sb.toString();
    }

    /** Text that does not compress, so that it really takes its length in the cookie. */
    private static String noise(int length) {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    /** Sessions like {@link #sessions} whose revocation check counts the cookies opened valid. */
    private static CookieSessions countingOpens(AtomicInteger opened) {
        return CookieSessions.builder()
                .keys(KeyRing.generate())
                .cookie(CookieSpec.named(Cookies.NAME).insecureAllowPlainHttp())
                .revocation(data -> {
                    opened.incrementAndGet();
                    return false;
                })
                .build();
    }

    /**
     * Answers requests for {@code /static/} at once without asking for their session, as a file
     * server would, and passes the others on, without asking either.
     */
    private static final class Ignorer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest && ((HttpRequest) msg).uri().startsWith("/static/")) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(ok());
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Records each request and its session, as a handler after {@link CookieSessionHandler} sees them. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<HttpRequest> requests = new ArrayList<>();
        final List<Session> sessions = new ArrayList<>();
        final List<Session> seenInChannelRead = new ArrayList<>();
        private final Consumer<Session> change;
        ChannelHandlerContext ctx;

        Recorder() {
            this(s -> { });
        }

        Recorder(Consumer<Session> change) {
            this.change = change;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                HttpRequest request = (HttpRequest) msg;
                requests.add(request);
                try {
                    Session session = CookieSessionHandler.session(ctx, request);
                    sessions.add(session);
                    seenInChannelRead.add(CookieSessionHandler.session(ctx));
                    change.accept(session);
                } catch (IllegalStateException noHandler) {
                    // noHandlerInThePipeline_sessionThrowsNamingTheFix asks again itself.
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** Counts visits in the session and answers each request at once, keeping the connection open. */
    private static final class EchoApp extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FullHttpRequest request = (FullHttpRequest) msg;
            request.release();
            Session session = CookieSessionHandler.session(ctx);
            Integer visits = session.get("visits", Integer.class);
            session.put("visits", visits == null ? 1 : visits + 1);
            FullHttpResponse response = ok();
            ctx.writeAndFlush(response);
        }
    }
}
