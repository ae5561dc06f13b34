package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crumb.ContentAlgorithm;
import dev.crumb.OpenResult;
import dev.crumb.SessionData;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The comparison is fair only if every implementation does the same job: each one's tokens carry
 * the same session in the same format, open with every other one, and fail when tampered with.
 */
class ImplsAgreeTest {

    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void everyImplOpensEveryImplsTokens_andRejectsTamperedOnes(ContentAlgorithm alg) throws Exception {
        Fixture fixture = Fixture.of(alg);
        for (PayloadSize size : PayloadSize.values()) {
            SessionInput session = fixture.session(size);
            JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(session.attributes()));
            Map<ImplKind, String> tokens = new EnumMap<>(ImplKind.class);
            for (ImplKind sealer : ImplKind.values()) {
                String token = sealer.create(fixture).seal(session);
                assertTrue(token.length() <= Tokens.MAX_TOKEN_LENGTH, sealer + " " + size + ": " + token.length());
                tokens.put(sealer, token);

                OpenResult r = new CrumbImpl(fixture).codec().open(token);
                SessionData data = ((OpenResult.Valid) r).sessionData();
                assertEquals(session.sid(), data.id());
                assertEquals(session.subject(), data.subject().orElseThrow());
                assertEquals(session.createdAt(), data.createdAt().getEpochSecond());
                assertEquals(expected, Json.MAPPER.readTree(data.attributesJson()), sealer + " " + size);
            }
            for (ImplKind opener : ImplKind.values()) {
                Impl impl = opener.create(fixture);
                for (Map.Entry<ImplKind, String> e : tokens.entrySet()) {
                    String what = opener + " opening " + e.getKey() + "'s " + size + " token";
                    if (opener == ImplKind.FLOOR && e.getKey() == ImplKind.NIMBUS_JWE) {
                        // The floor knows only the header bytes Crumb writes; Nimbus orders the
                        // same members differently.
                        assertNull(impl.open(e.getValue(), null), what);
                        continue;
                    }
                    assertNotNull(impl.open(e.getValue(), null), what);
                    assertNotNull(impl.open(e.getValue(), SINK), what);
                    assertNull(impl.open(Tokens.tampered(e.getValue()), null), what + ", tampered");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ImplKind.class)
    void tokensOfTheOlderKeyStillOpen(ImplKind kind) {
        Fixture fixture = Fixture.of(ContentAlgorithm.A256GCM);
        String older = kind.create(fixture.olderKeyOnly()).seal(fixture.session(PayloadSize.SMALL));
        assertNotNull(kind.create(fixture).open(older, null));
        OpenResult r = new CrumbImpl(fixture).codec().open(older);
        assertTrue(((OpenResult.Valid) r).needsReseal());
    }

    @ParameterizedTest
    @EnumSource(PayloadSize.class)
    void payloadSizesAreAsDocumented(PayloadSize size) {
        int bytes = Json.size(size.attributes());
        int target = switch (size) {
            case SMALL -> 155;
            case TYPICAL -> 1024;
            case NEAR_LIMIT -> 2680;
        };
        assertEquals(target, bytes);
    }
}
