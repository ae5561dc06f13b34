/** Crumb's Netty adapter: {@code dev.crumb.netty.CookieSessionHandler}, after the HTTP server codec. */
module dev.crumb.netty {
    requires transitive dev.crumb;
    requires transitive io.netty.codec.http;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;

    exports dev.crumb.netty;
}
