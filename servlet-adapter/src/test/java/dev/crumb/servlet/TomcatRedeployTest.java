package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.KeyRing;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Undeploying a webapp that uses the filter leaves nothing of Crumb behind on Tomcat's threads,
 * and its class loader can be collected: no leak at every redeploy. Needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (set in the pom) both for Tomcat's own
 * leak detection and for reading the threads' ThreadLocal maps here.
 */
@Timeout(60)
class TomcatRedeployTest {

    /** Held so that the handler sticks: JUL keeps loggers weakly. */
    private static final Logger LOADER_LOG = Logger.getLogger("org.apache.catalina.loader");

    /** Each algorithm, so that each cipher's per-thread state is exercised. */
    @ParameterizedTest
    @ValueSource(strings = {"A256GCM", "A256CBC-HS512"})
    void undeploy_leavesNoThreadLocal_andFreesTheClassLoader(String algorithm, @TempDir Path dir)
            throws Exception {
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, KeyRing.generate("k-1", algorithm).toJwkSet(Instant.now()), StandardCharsets.UTF_8);
        Path webapp = TomcatWebapps.webapp(dir.resolve("app"), Map.of("keysFile", keys.toString()));
        List<LogRecord> leakWarnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    leakWarnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        LOADER_LOG.addHandler(capture);
        Tomcat tomcat = TomcatWebapps.tomcat(dir.resolve("tomcat"));
        try {
            tomcat.start();
            WeakReference<ClassLoader> loader = deployUseAndUndeploy(tomcat, webapp);

            synchronized (capture) {
                assertEquals(List.of(), leakWarnings.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(),
                        "Tomcat's leak detection warned at undeploy");
            }
            List<String> leftovers = threadLocalsOf(loader.get());
            assertEquals(List.of(), leftovers, "ThreadLocal entries of the undeployed webapp on live threads");
            assertTrue(collected(loader), "the undeployed webapp's class loader is still reachable");
        } finally {
            LOADER_LOG.removeHandler(capture);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** Serves sessions on the connector's threads, then removes the context; returns its loader. */
    private static WeakReference<ClassLoader> deployUseAndUndeploy(Tomcat tomcat, Path webapp) throws Exception {
        Context context = TomcatWebapps.deploy(tomcat, "/app", webapp);
        ClassLoader loader = context.getLoader().getClassLoader();
        // The test means something only if the webapp loaded its own copy of Crumb.
        assertSame(loader, loader.loadClass("dev.crumb.internal.Nonces").getClassLoader());
        TestClient browser = new TestClient(tomcat.getConnector().getLocalPort());
        for (int i = 1; i <= 8; i++) {
            assertEquals(String.valueOf(i), browser.get("/app/count").body());
        }
        tomcat.getHost().removeChild(context);
        return new WeakReference<>(loader);
    }

    /** Every ThreadLocal entry on a live thread whose key or value comes from {@code loader}. */
    private static List<String> threadLocalsOf(ClassLoader loader) throws ReflectiveOperationException {
        List<String> found = new ArrayList<>();
        if (loader == null) {
            return found;
        }
        Field threadLocals = Thread.class.getDeclaredField("threadLocals");
        Field inheritable = Thread.class.getDeclaredField("inheritableThreadLocals");
        threadLocals.setAccessible(true);
        inheritable.setAccessible(true);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            for (Field field : List.of(threadLocals, inheritable)) {
                Object map = field.get(thread);
                if (map == null) {
                    continue;
                }
                Field tableField = map.getClass().getDeclaredField("table");
                tableField.setAccessible(true);
                Object table = tableField.get(map);
                for (int i = 0; i < Array.getLength(table); i++) {
                    Object entry = Array.get(table, i);
                    if (entry == null) {
                        continue;
                    }
                    Field valueField = entry.getClass().getDeclaredField("value");
                    valueField.setAccessible(true);
                    Object key = ((Reference<?>) entry).get();
                    Object value = valueField.get(entry);
                    if (loadedBy(key, loader) || loadedBy(value, loader)) {
                        found.add(thread.getName() + ": " + typeOf(key) + " -> " + typeOf(value));
                    }
                }
            }
        }
        return found;
    }

    private static boolean loadedBy(Object o, ClassLoader loader) {
        if (o == null) {
            return false;
        }
        if (o instanceof Reference<?> r) {
            return loadedBy(r.get(), loader);
        }
        if (o instanceof Collection<?> c) {
            for (Object element : c.toArray()) {
                if (loadedBy(element, loader)) {
                    return true;
                }
            }
        }
        for (ClassLoader l = (o instanceof Class<?> c ? c : o.getClass()).getClassLoader(); l != null; l = l.getParent()) {
            if (l == loader) {
                return true;
            }
        }
        return false;
    }

    private static String typeOf(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    /** Whether the referent goes away once the collector runs; allocation nudges it along. */
    private static boolean collected(WeakReference<ClassLoader> loader) throws InterruptedException {
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[16][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[1 << 20];
            }
            Thread.sleep(20);
        }
        return loader.get() == null;
    }
}
