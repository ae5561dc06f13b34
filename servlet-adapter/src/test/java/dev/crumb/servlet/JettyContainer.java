package dev.crumb.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The contract on embedded Jetty 12.1. Jetty's servlet layer comes once per Jakarta EE version,
 * each in its own package; a subclass makes the context of one, the server around it is the same.
 */
abstract class JettyContainer extends ServletContainerContract {

    private Server server;

    /** A servlet context at {@code /} of this environment's {@code ServletContextHandler}, running {@code app}. */
    protected abstract Handler context(ServletContainerInitializer app);

    @Override
    protected int start(ServletContainerInitializer app) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context(app));
        server.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stop() throws Exception {
        server.stop();
    }
}
