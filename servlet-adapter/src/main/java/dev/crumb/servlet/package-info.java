/**
 * Cookie sessions for Jakarta Servlet 6 containers: {@link dev.crumb.servlet.CookieSessionFilter}
 * keeps each request's {@code HttpSession} in an encrypted cookie (a compact JWE sealed by
 * {@link dev.crumb.CookieSessions}), so that any node of a cluster can serve any request.
 */
package dev.crumb.servlet;
