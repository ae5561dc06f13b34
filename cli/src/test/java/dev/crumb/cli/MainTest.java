package dev.crumb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path keygen(String... extra) {
        Path file = dir.resolve("keys.json");
        String[] args = new String[extra.length + 3];
        args[0] = "keygen";
        args[1] = "--out";
        args[2] = file.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        Run r = run(args);
        assertEquals(0, r.code(), r.err());
        return file;
    }

    @Test
    void keygen_toStdout_isALoadableJwkSet() {
        Run r = run("keygen", "--alg", "A256CBC-HS512", "--kid", "k1");
        assertEquals(0, r.code());
        KeyRing ring = KeyRing.fromJwkSet(r.out());
        assertEquals("k1", ring.primary().kid());
        assertEquals("A256CBC-HS512", ring.primary().algorithm().joseName());
    }

    @Test
    void keygen_toFile_printsKidButNoSecret() throws Exception {
        Path file = keygen("--kid", "k1");
        String json = Files.readString(file);
        assertTrue(json.contains("\"k\""));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)), "key file readable by its owner only");
        }
        Run list = run("list", "--keys", file.toString());
        assertEquals("primary  k1  A256GCM\n", list.out());
        assertFalse(list.out().contains("\"k\""));
    }

    @Test
    void sealThenInspect_showsClaimsAndAttributes() {
        Path file = keygen("--kid", "k1");
        Run sealed = run("seal", "--keys", file.toString(), "--subject", "alice", "{\"cart\":[1,2]}");
        assertEquals(0, sealed.code(), sealed.err());
        String token = sealed.out().trim();
        Run inspected = run("inspect", "--keys", file.toString(), "__Host-session=" + token);
        assertEquals(0, inspected.code(), inspected.out() + inspected.err());
        assertTrue(inspected.out().contains("status:     VALID"), inspected.out());
        assertTrue(inspected.out().contains("sub:        alice"));
        assertTrue(inspected.out().contains("attrs:      {\"cart\":[1,2]}"));
        assertTrue(inspected.out().contains("\"kid\":\"k1\""));
    }

    @Test
    void inspect_tamperedToken_exitsOneWithReason() {
        Path file = keygen();
        String token = run("seal", "--keys", file.toString(), "{}").out().trim();
        char last = token.charAt(token.length() - 5);
        String tampered = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
        Run r = run("inspect", "--keys", file.toString(), tampered);
        assertEquals(Main.REJECTED, r.code());
        assertTrue(r.out().contains("REJECTED BAD_SEAL"), r.out());
    }

    @Test
    void inspect_expiredAtGivenTime_isRejected() {
        Path file = keygen();
        String token = run("seal", "--keys", file.toString(), "--ttl", "PT10M", "{}").out().trim();
        Run r = run("inspect", "--keys", file.toString(), "--at", "2026-01-01T01:00:00Z", token);
        assertEquals(Main.REJECTED, r.code());
        assertTrue(r.out().contains("REJECTED EXPIRED"), r.out());
    }

    @Test
    void rotate_stagePromoteRetire_keepsOldCookiesOpeningUntilRetired() {
        Path file = keygen("--kid", "old");
        String token = run("seal", "--keys", file.toString(), "{\"a\":1}").out().trim();

        assertEquals(0, run("rotate", "--keys", file.toString(), "--stage", "--kid", "new").code());
        assertEquals("primary  old  A256GCM\nopens    new  A256GCM\n", run("list", "--keys", file.toString()).out());

        assertEquals(0, run("rotate", "--keys", file.toString(), "--promote", "new").code());
        assertEquals("primary  new  A256GCM\nopens    old  A256GCM\n", run("list", "--keys", file.toString()).out());
        Run still = run("inspect", "--keys", file.toString(), token);
        assertEquals(0, still.code());
        assertTrue(still.out().contains("will be re-sealed"), still.out());

        assertEquals(0, run("rotate", "--keys", file.toString(), "--retire", "old").code());
        Run gone = run("inspect", "--keys", file.toString(), token);
        assertEquals(Main.REJECTED, gone.code());
        assertTrue(gone.out().contains("UNKNOWN_KEY"), gone.out());
    }

    @Test
    void rotate_retirePrimary_isAKeyError() {
        Path file = keygen("--kid", "only");
        Run r = run("rotate", "--keys", file.toString(), "--retire", "only");
        assertEquals(Main.KEY_ERROR, r.code());
        assertTrue(r.err().contains("primary"), r.err());
    }

    @Test
    void usageErrors_exitTwo() {
        assertEquals(Main.USAGE, run().code());
        assertEquals(Main.USAGE, run("frobnicate").code());
        assertEquals(Main.USAGE, run("inspect", "tok").code());
        assertEquals(Main.USAGE, run("keygen", "--alg", "HS256").code());
        assertEquals(Main.USAGE, run("keygen", "--keys").code());
    }

    @Test
    void missingKeyFile_exitsThreeNamingTheFile() {
        Run r = run("list", "--keys", dir.resolve("nope.json").toString());
        assertEquals(Main.KEY_ERROR, r.code());
        assertTrue(r.err().contains("nope.json"), r.err());
    }

    @Test
    void cookieValue_acceptsCookieForms() {
        assertEquals("a.b.c.d.e", Main.cookieValue("a.b.c.d.e"));
        assertEquals("a.b.c.d.e", Main.cookieValue("s=a.b.c.d.e"));
        assertEquals("a.b.c.d.e", Main.cookieValue("Set-Cookie: s=a.b.c.d.e; Path=/; Secure"));
        assertEquals("a.b.c.d.e", Main.cookieValue("s=\"a.b.c.d.e\""));
    }
}
