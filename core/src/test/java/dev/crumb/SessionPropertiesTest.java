package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SessionPropertiesTest {

    record Op(boolean put, String name, Object value) {}

    final FakeClock clock = FakeClock.at(1_767_225_600L);
    final CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
            .cookie(CookieSpec.named("__Host-s")).clock(clock).chunking(8).build();

    @Provide
    Arbitrary<List<List<Op>>> requests() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "cart", "ü", "x.y", "");
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.integers().list().ofMaxSize(5).map(l -> (Object) l));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, false), names, values).as(Op::new);
        return op.list().ofMaxSize(6).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void loadOfCommit_hasSameAttributes(@ForAll("requests") List<List<Op>> requests) {
        Map<String, Object> model = new LinkedHashMap<>();
        String cookie = null;
        for (List<Op> request : requests) {
            Session s = sessions.load(cookie);
            for (Op op : request) {
                if (op.put()) {
                    s.put(op.name(), op.value());
                    model.put(op.name(), op.value());
                } else {
                    s.remove(op.name());
                    model.remove(op.name());
                }
            }
            List<String> out = sessions.commit(s);
            if (!out.isEmpty()) {
                cookie = CookieSessionsTest.cookieHeader(out);
            }
            clock.advance(Duration.ofSeconds(10));
            Session back = sessions.load(cookie);
            assertEquals(model.keySet(), new java.util.LinkedHashSet<>(back.attributeNames()));
            for (Map.Entry<String, Object> e : model.entrySet()) {
                assertEquals(e.getValue(), back.get(e.getKey()), e.getKey());
            }
        }
    }
}
