package dev.crumb.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Real webapps for an embedded Tomcat: a folder with {@code WEB-INF/web.xml}, Crumb and its
 * dependencies in {@code WEB-INF/classes} and {@code WEB-INF/lib}, so that the webapp's own class
 * loader loads Crumb, as when a WAR is deployed to a standalone Tomcat.
 */
final class TomcatWebapps {

    /** Classes whose jars or class folders make up Crumb and its runtime dependencies. */
    private static final String[] RUNTIME = {
        "dev.crumb.CookieSessions",
        "dev.crumb.servlet.CookieSessionFilter",
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.core.JsonFactory",
        "com.fasterxml.jackson.annotation.JsonProperty",
        "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
        "com.nimbusds.jose.JWEObject",
        "org.bouncycastle.crypto.digests.SHA256Digest",
    };

    private TomcatWebapps() {}

    /** A Tomcat on 127.0.0.1, port 0, with its base directory in {@code baseDir}. */
    static Tomcat tomcat(Path baseDir) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost(); // made on first use: before start, or the engine has no default host
        return tomcat;
    }

    /**
     * Writes a webapp into {@code dir}: the filter, configured by {@code filterParameters} (plus a
     * plain-HTTP cookie named {@code session}), in front of {@link CountServlet} at {@code /count}.
     */
    static Path webapp(Path dir, Map<String, String> filterParameters) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("WEB-INF/classes"));
        Path lib = Files.createDirectories(dir.resolve("WEB-INF/lib"));
        Set<Path> sources = new LinkedHashSet<>();
        for (String name : RUNTIME) {
            sources.add(location(name));
        }
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                copyClasses(source, classes);
            } else {
                Files.copy(source, lib.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String servletFile = CountServlet.class.getName().replace('.', '/') + ".class";
        Path servletClass = classes.resolve(servletFile);
        Files.createDirectories(servletClass.getParent());
        Files.copy(location(CountServlet.class.getName()).resolve(servletFile), servletClass,
                StandardCopyOption.REPLACE_EXISTING);

        String parameters = filterParameters.entrySet().stream()
                .map(e -> "    <init-param><param-name>" + e.getKey() + "</param-name><param-value>" + e.getValue()
                        + "</param-value></init-param>\n")
                .collect(Collectors.joining());
        Files.writeString(dir.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <filter>
                    <filter-name>crumb</filter-name>
                    <filter-class>dev.crumb.servlet.CookieSessionFilter</filter-class>
                    <init-param><param-name>cookieName</param-name><param-value>session</param-value></init-param>
                    <init-param><param-name>insecureAllowPlainHttp</param-name><param-value>true</param-value></init-param>
                %s  </filter>
                  <filter-mapping><filter-name>crumb</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet><servlet-name>count</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>count</servlet-name><url-pattern>/count</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(parameters, CountServlet.class.getName()), StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * Deploys the webapp in {@code docBase} at {@code path}, reading its {@code web.xml} (and no
     * global default one: this Tomcat has no JSP engine) without scanning the test's class path.
     */
    static Context deploy(Tomcat tomcat, String path, Path docBase) {
        StandardContext context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.setDocBase(docBase.toString());
        context.setParentClassLoader(TomcatWebapps.class.getClassLoader());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        tomcat.getHost().addChild(context);
        return context;
    }

    private static Path location(String className) {
        try {
            Class<?> c = Class.forName(className, false, TomcatWebapps.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("the webapp needs " + className + " on the test class path", e);
        }
    }

    private static void copyClasses(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (relative.toString().equals("module-info.class")) {
                    continue; // WEB-INF/classes is one unnamed module
                }
                Path target = to.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Counts the requests of one session: answers 1, 2, 3, ... */
    public static final class CountServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            Object count = session.getAttribute("count");
            int next = count == null ? 1 : ((Number) count).intValue() + 1;
            session.setAttribute("count", next);
            response.setContentType("text/plain");
            response.getWriter().print(next);
        }
    }
}
