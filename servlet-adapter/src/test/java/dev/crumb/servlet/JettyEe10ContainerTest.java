package dev.crumb.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;

/** The contract on embedded Jetty 12.1 ee10 (Servlet 6.0), on the 6.0 API jar. */
class JettyEe10ContainerTest extends JettyContainer {

    @Override
    protected Handler context(ServletContainerInitializer app) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(app);
        return context;
    }
}
