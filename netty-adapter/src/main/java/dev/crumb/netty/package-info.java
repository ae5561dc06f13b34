/**
 * Crumb cookie sessions for Netty HTTP servers: {@link dev.crumb.netty.CookieSessionHandler}
 * goes after {@code HttpServerCodec} (or in each HTTP/2 stream's pipeline) and gives every
 * request its own {@link dev.crumb.Session}.
 */
package dev.crumb.netty;
