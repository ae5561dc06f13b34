/** Crumb's Jakarta Servlet adapter: {@code dev.crumb.servlet.CookieSessionFilter}. */
module dev.crumb.servlet {
    requires transitive dev.crumb;
    requires transitive jakarta.servlet;

    exports dev.crumb.servlet;
}
