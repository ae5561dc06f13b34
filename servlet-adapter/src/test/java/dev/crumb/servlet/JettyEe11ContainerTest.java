package dev.crumb.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;

/** The contract on embedded Jetty 12.1 ee11 (Servlet 6.1), on the 6.1 API jar: its own test run (see the pom). */
class JettyEe11ContainerTest extends JettyContainer {

    @Override
    protected Handler context(ServletContainerInitializer app) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(app);
        return context;
    }
}
