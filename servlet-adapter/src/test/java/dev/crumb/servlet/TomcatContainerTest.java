package dev.crumb.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

/** The contract on embedded Tomcat: the build runs it on Tomcat 11 (Servlet 6.1) and on 10.1 (6.0). */
class TomcatContainerTest extends ServletContainerContract {

    /** Held so that the level sticks: JUL keeps loggers weakly. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private Tomcat tomcat;
    private Path baseDir;

    @Override
    protected int start(ServletContainerInitializer app) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        baseDir = Files.createTempDirectory("crumb-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak detection on undeploy needs --add-opens and only warns about the JDK's own threads here.
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        context.addServletContainerInitializer(app, null);
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stop() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
