package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.OpenResult;
import dev.crumb.SessionCodec;
import dev.crumb.SessionData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/** Crumb's codec: {@link SessionData} built from the application's values, then sealed. */
final class CrumbImpl implements Impl {

    private final SessionCodec codec;
    private final Fixture fixture;

    CrumbImpl(Fixture fixture) {
        this.fixture = fixture;
        this.codec = CookieSessions.builder()
                .keys(fixture.ring())
                .cookie(CookieSpec.named(fixture.cookieName()))
                .clock(fixture.clock())
                .build()
                .codec();
    }

    SessionCodec codec() {
        return codec;
    }

    @Override
    public String seal(SessionInput session) {
        Instant now = fixture.clock().instant();
        SessionData.Builder b = SessionData.builder()
                .id(session.sid())
                .subject(session.subject())
                .createdAt(Instant.ofEpochSecond(session.createdAt()))
                .issuedAt(now)
                .expiresAt(now.plus(fixture.lifetime()));
        for (Map.Entry<String, Object> e : session.attributes().entrySet()) {
            b.attribute(e.getKey(), e.getValue());
        }
        return codec.seal(b.build());
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        OpenResult result = codec.open(token);
        if (!result.isValid()) {
            return null;
        }
        SessionData data = result.data().orElseThrow();
        if (attrs != null) {
            for (String name : data.attributeNames()) {
                attrs.consume(data.get(name));
            }
        }
        return data;
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        SessionData data = (SessionData) opened;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String name : data.attributeNames()) {
            attributes.put(name, data.get(name));
        }
        return attributes;
    }
}
