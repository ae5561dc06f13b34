package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Any JOSE library can open a Crumb cookie given the key", with Node's {@code jose}: it decrypts
 * cookies Crumb sealed, typed attributes included, and Crumb opens tokens that {@code jose}
 * encrypted in our format. Both ways the {@code cn} header is bound to the ciphertext (it is part
 * of the JWE's additional authenticated data), so a token does not open under another cookie name.
 *
 * <p>{@code jose} is the exact version of {@code src/test/node/jose-interop/package-lock.json},
 * installed with {@code npm ci} into {@code target/jose-interop} before the tests; its side is
 * {@code interop.mjs} there. Without {@code node} and {@code npm} on the PATH the tests skip,
 * except under CI ({@code CI=true}), where they fail.
 */
class NodeJoseInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String COOKIE = "__Host-session";
    private static final Path SOURCES = Path.of("src", "test", "node", "jose-interop");
    private static final Path WORK = Path.of("target", "jose-interop");

    /** A storable type: its tag in the payload is the class name, inside {@code List<...>}. */
    public record CartItem(String sku, int quantity) {}

    private static final String CART_TAG = "List<" + CartItem.class.getName() + ">";

    private static Path node;

    @BeforeAll
    static void installJose() throws Exception {
        Optional<Path> nodeBinary = onPath("node");
        Optional<Path> npm = onPath("npm");
        if (nodeBinary.isEmpty() || npm.isEmpty()) {
            String why = "node and npm are not both on the PATH (Debian: apt-get install nodejs npm)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": under CI the jose interop tests must run");
            }
            Assumptions.abort(why + ": jose interop tests skipped");
        }
        node = nodeBinary.get();
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", ".npmrc", "interop.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // npm ci installs exactly the locked version, fresh, and never rewrites the lock file.
        run(List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--ignore-scripts"), "", 300);
    }

    // ---------------------------------------------------------------- jose opens ours

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void joseJwtDecrypt_opensOurCookie_toTheHeaderAndClaimsWeSealed(ContentAlgorithm alg) throws Exception {
        CookieSessions sessions = sessions(alg);
        Session session = sessions.load((String) null);
        session.put("cart", List.of(new CartItem("apple", 2), new CartItem("pear", 1)));
        session.put("seen", Instant.parse("2025-12-31T23:00:00Z"));
        session.put("locale", "en-GB");
        String token = sealed(sessions, session);

        JsonNode opened = jose(decrypt(token, alg));

        assertEquals(JSON.readTree(JoseTokens.header(key(alg), COOKIE)), opened.get("header"));
        JsonNode claims = opened.get("claims");
        assertEquals(session.id(), claims.get("sid").asText());
        assertEquals(NOW.getEpochSecond(), claims.get("iat").asLong());
        assertEquals(NOW.getEpochSecond(), claims.get("nbf").asLong());
        assertEquals(session.expiresAt().getEpochSecond(), claims.get("exp").asLong());
        assertEquals(session.createdAt().getEpochSecond(), claims.get("auth_time").asLong());
        assertEquals(JSON.readTree("{\"cart\":[{\"sku\":\"apple\",\"quantity\":2},{\"sku\":\"pear\",\"quantity\":1}],"
                + "\"seen\":\"2025-12-31T23:00:00Z\",\"locale\":\"en-GB\"}"), claims.get("attrs"));
        assertEquals(JSON.readTree("{\"cart\":\"" + CART_TAG + "\",\"seen\":\"Instant\"}"), claims.get("types"));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void joseJwtDecrypt_ofOurCookieUnderAnotherCookieName_failsItsTag(ContentAlgorithm alg) throws Exception {
        CookieSessions sessions = sessions(alg);
        Session session = sessions.load((String) null);
        session.put("locale", "en-GB");
        String token = sealed(sessions, session);
        String moved = encode(JoseTokens.header(key(alg), "__Host-other")) + token.substring(token.indexOf('.'));

        assertEquals("ERR_JWE_DECRYPTION_FAILED", jose(decrypt(moved, alg)).path("error").asText());
    }

    // ---------------------------------------------------------------- we open jose's

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_joseTokenInOurFormat_isValidCanonicalAndReadsTyped(ContentAlgorithm alg) throws Exception {
        String token = jose(encrypt(JoseTokens.header(key(alg), COOKIE), payload(), alg)).get("token").asText();
        CookieSessions sessions = sessions(alg);

        assertEquals(encode(JoseTokens.header(key(alg), COOKIE)), token.substring(0, token.indexOf('.')),
                "jose keeps the header's members in our order, so the header is byte for byte ours");
        OpenResult valid = Opened.valid(sessions.codec().open(token));
        assertFalse(valid.needsReseal());

        Session session = sessions.load(COOKIE + "=" + token);
        assertFalse(session.isNew(), () -> String.valueOf(session.rejectReason()));
        assertEquals("am9zZQ", session.id());
        assertEquals(Optional.of("user-7"), session.subject());
        assertEquals(NOW.minusSeconds(60), session.createdAt());
        assertEquals(List.of(new CartItem("fig", 3)), session.get("cart"));
        assertEquals("fr-FR", session.get("locale"));
        assertEquals(Map.of("dark", true), session.get("prefs"));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_joseTokenForAnotherCookie_isWrongCookie_andUnderOurHeaderFailsItsSeal(ContentAlgorithm alg)
            throws Exception {
        String token = jose(encrypt(JoseTokens.header(key(alg), "__Host-other"), payload(), alg))
                .get("token").asText();
        SessionCodec codec = sessions(alg).codec();

        assertEquals(RejectReason.WRONG_COOKIE, Opened.rejected(codec.open(token))
                .reason().orElseThrow());
        String moved = encode(JoseTokens.header(key(alg), COOKIE)) + token.substring(token.indexOf('.'));
        assertEquals(RejectReason.BAD_SEAL, Opened.rejected(codec.open(moved))
                .reason().orElseThrow());
    }

    // ---------------------------------------------------------------- fixtures

    private static byte[] secret(ContentAlgorithm alg) {
        return SessionCodecTest.counting(alg.keyLength(), 0x30);
    }

    private static SessionKey key(ContentAlgorithm alg) {
        return SessionKey.of("interop-1", alg, secret(alg));
    }

    private static CookieSessions sessions(ContentAlgorithm alg) {
        return CookieSessions.builder()
                .keys(KeyRing.of(key(alg)))
                .cookie(CookieSpec.named(COOKIE))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .storableTypes(CartItem.class)
                .build();
    }

    /** The token of the cookie that committing {@code session} sets. */
    private static String sealed(CookieSessions sessions, Session session) {
        String setCookie = sessions.commit(session).get(0);
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    /** A payload in Crumb's format, with a typed attribute, written by hand as another issuer would. */
    private static String payload() {
        long now = NOW.getEpochSecond();
        return "{\"sid\":\"am9zZQ\",\"sub\":\"user-7\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 900)
                + ",\"auth_time\":" + (now - 60) + ",\"types\":{\"cart\":\"" + CART_TAG + "\"},"
                + "\"attrs\":{\"cart\":[{\"sku\":\"fig\",\"quantity\":3}],\"locale\":\"fr-FR\",\"prefs\":{\"dark\":true}}}";
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String keyText(ContentAlgorithm alg) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret(alg));
    }

    private static ObjectNode decrypt(String token, ContentAlgorithm alg) {
        return JSON.createObjectNode().put("op", "decrypt").put("token", token).put("key", keyText(alg))
                .put("enc", alg.joseName()).put("now", NOW.getEpochSecond());
    }

    private static ObjectNode encrypt(String header, String payload, ContentAlgorithm alg) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("op", "encrypt").put("payload", payload)
                .put("key", keyText(alg));
        request.set("header", JSON.readTree(header));
        return request;
    }

    /** What {@code interop.mjs} answers to one request. */
    private static JsonNode jose(ObjectNode request) throws Exception {
        ArrayNode requests = JSON.createArrayNode().add(request);
        return JSON.readTree(run(List.of(node.toString(), "interop.mjs"), requests.toString(), 60)).get(0);
    }

    /** Runs a command in {@link #WORK} with {@code input} on its standard input; its standard output. */
    private static String run(List<String> command, String input, int timeoutSeconds) throws Exception {
        Path errors = Files.createTempFile("jose-interop", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(WORK.toFile())
                    .redirectError(errors.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ": " + Files.readString(errors));
            }
            return output;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
