package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crumb.testing.Seeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionPropertiesTest {

    record Op(boolean put, String name, Object value) {}

    final FakeClock clock = FakeClock.at(1_767_225_600L);
    final CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
            .cookie(CookieSpec.named("__Host-s")).clock(clock).chunking(8).build();

    private static Object value(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(41); i > 0; i--) {
                    sb.append(Seeded.oneOf(r, "a", "b", " ", "\"", "\\", "\u00fc", "\u20ac", "\ud83d\ude00", "\u0000", "\n"));
                }
                yield sb.toString();
            }
            case 1 -> r.nextInt();
            case 2 -> r.nextBoolean();
            default -> {
                List<Integer> list = new ArrayList<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    list.add(r.nextInt());
                }
                yield list;
            }
        };
    }

    /** One to four requests of up to six puts or removes each. */
    private static List<List<Op>> requests(Random r) {
        List<List<Op>> requests = new ArrayList<>();
        for (int i = Seeded.between(r, 1, 4); i > 0; i--) {
            List<Op> request = new ArrayList<>();
            for (int j = r.nextInt(7); j > 0; j--) {
                request.add(new Op(r.nextBoolean(), Seeded.oneOf(r, "a", "b", "cart", "ü", "x.y", ""), value(r)));
            }
            requests.add(request);
        }
        return requests;
    }

    @Test
    void loadOfCommit_hasSameAttributes() {
        Seeded.forAll(200, r -> loadOfCommit_hasSameAttributes(requests(r)));
    }

    private void loadOfCommit_hasSameAttributes(List<List<Op>> requests) {
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
            assertEquals(model.keySet(), new java.util.LinkedHashSet<>(back.attributeNames()), requests::toString);
            for (Map.Entry<String, Object> e : model.entrySet()) {
                assertEquals(e.getValue(), back.get(e.getKey()), e.getKey());
            }
        }
    }
}
