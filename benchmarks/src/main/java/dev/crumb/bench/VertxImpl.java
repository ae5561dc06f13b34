package dev.crumb.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.cookie.CookieSessionStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Vert.x 5's {@code CookieSessionStore} (vertx-web-sstore-cookie), what its {@code SessionHandler}
 * does per request: a session from {@code createSession} (a new random id), the attributes put as
 * Vert.x values (lists as {@code JsonArray}, maps as {@code JsonObject}), {@code store.put} and
 * {@code session.value()} for the cookie; {@code store.get(value)} to open, which decrypts,
 * decodes every attribute and checks the idle timeout. AES-256-GCM (a {@code Cipher} per call,
 * as Vert.x does), the key the SHA-256 of a secret string, Vert.x's own binary layout, base64url.
 *
 * <p>One algorithm, one key: it ignores the fixture's algorithm and seals with its own key, so its
 * tokens are not JWEs and no other implementation opens them. It owns a {@link Vertx} instance,
 * closed by {@link #close()}.
 */
final class VertxImpl implements Impl {

    private final Vertx vertx = Vertx.vertx();
    private final CookieSessionStore store;
    private final long timeoutMillis;

    VertxImpl(Fixture fixture) {
        String secret = Base64.getEncoder().encodeToString(fixture.keys().get(0).secret());
        this.store = CookieSessionStore.create(vertx, secret);
        this.timeoutMillis = fixture.lifetime().toMillis();
    }

    @Override
    public String seal(SessionInput input) {
        Session session = store.createSession(timeoutMillis);
        for (Map.Entry<String, Object> e : input.attributes().entrySet()) {
            session.put(e.getKey(), toVertx(e.getValue()));
        }
        store.put(session);
        return session.value();
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        // Completed already: the store decrypts and decodes on the calling thread.
        Future<Session> loaded = store.get(token);
        Session session = loaded.succeeded() ? loaded.result() : null;
        if (session == null) {
            return null;
        }
        if (attrs != null) {
            for (Object value : session.data().values()) {
                attrs.consume(value);
            }
        }
        return session;
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        Map<String, Object> plain = new LinkedHashMap<>();
        ((Session) opened).data().forEach((name, value) -> plain.put(name, toPlain(value)));
        return plain;
    }

    @Override
    public void close() {
        vertx.close().await();
    }

    /** How a Vert.x application stores a value: its JSON types for lists and maps. */
    @SuppressWarnings("unchecked")
    private static Object toVertx(Object value) {
        if (value instanceof List) {
            return new JsonArray((List<Object>) value);
        }
        if (value instanceof Map) {
            return new JsonObject((Map<String, Object>) value);
        }
        return value;
    }

    /** Vert.x's iterators hand out nested maps and lists as JsonObject and JsonArray. */
    private static Object toPlain(Object value) {
        if (value instanceof JsonArray a) {
            List<Object> list = new ArrayList<>();
            a.forEach(v -> list.add(toPlain(v)));
            return list;
        }
        if (value instanceof JsonObject o) {
            Map<String, Object> map = new LinkedHashMap<>();
            o.forEach(e -> map.put(e.getKey(), toPlain(e.getValue())));
            return map;
        }
        return value;
    }
}
