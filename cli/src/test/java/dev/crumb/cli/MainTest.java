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
        assertEquals("k1", ring.primaryKid(Instant.now()));
        assertEquals("A256CBC-HS512", ring.algorithm("k1"));
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

    /** Runs a failing command; returns its error output after checking the exit code. */
    static String failure(int code, String... args) {
        Run r = run(args);
        assertEquals(code, r.code(), r.err());
        return r.err();
    }

    static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected '" + part + "' in: " + text);
        }
    }

    @Test
    void noArguments_printsUsage() {
        assertMentions(failure(Main.USAGE), "usage: crumb <command>");
    }

    @Test
    void unknownCommand_namesItAndListsTheCommands() {
        assertMentions(failure(Main.USAGE, "frobnicate"),
                "unknown command 'frobnicate'", "keygen, rotate, list, inspect, seal");
    }

    @Test
    void unknownOption_saysUnknownAndListsTheValidOnes() {
        String err = failure(Main.USAGE, "keygen", "--bogus");
        assertMentions(err, "unknown option --bogus for keygen", "--alg, --kid, --out, --force");
        assertFalse(err.contains("needs a value"), err);
        assertMentions(failure(Main.USAGE, "list", "--keys", "k.json", "--out", "x"),
                "unknown option --out for list; its options are --keys");
    }

    @Test
    void optionWithoutValue_saysSoWithAnExample() {
        assertMentions(failure(Main.USAGE, "rotate", "--keys"), "option --keys needs a value, e.g. --keys keys.json");
    }

    @Test
    void keygen_existingFile_isRefusedUnlessForced() throws Exception {
        Path file = keygen("--kid", "live");
        String before = Files.readString(file);
        String err = failure(Main.KEY_ERROR, "keygen", "--out", file.toString());
        assertMentions(err, "already exists", "logs out every user", "crumb rotate --keys " + file, "--force");
        assertEquals(before, Files.readString(file), "the live key set must be left alone");

        Run forced = run("keygen", "--out", file.toString(), "--force", "--kid", "new");
        assertEquals(Main.OK, forced.code(), forced.err());
        assertEquals("new", KeyRing.fromJwkSet(Files.readString(file)).primaryKid(Instant.now()));
    }

    @Test
    void force_withoutOut_saysItNeedsOut() {
        assertMentions(failure(Main.USAGE, "keygen", "--force"), "--force only applies with --out FILE");
    }

    @Test
    void missingKeyFile_namesTheFileAndHowToCreateIt() {
        String missing = dir.resolve("missing.json").toString();
        assertMentions(failure(Main.KEY_ERROR, "list", "--keys", missing),
                "cannot read key file " + missing + ": no such file; create one with `crumb keygen --out " + missing + "`");
    }

    @Test
    void keyFileThatIsAFolder_saysWhatToPass() {
        assertMentions(failure(Main.KEY_ERROR, "list", "--keys", dir.toString()),
                "cannot read key file " + dir, "pass the path of a JWK Set file");
    }

    @Test
    void keyFileNotAJwkSet_saysSoAndHowToRecover() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"keys\": 42}");
        assertMentions(failure(Main.KEY_ERROR, "list", "--keys", file.toString()),
                "key file " + file + " is not a usable JWK Set", "restore it from a backup", "crumb keygen --out FILE");
    }

    @Test
    void keyFileInMissingFolder_saysTheFolderIsMissing() {
        String out = dir.resolve("no/such/folder/keys.json").toString();
        assertMentions(failure(Main.KEY_ERROR, "keygen", "--out", out),
                "cannot write key file " + out + ": its folder does not exist; create the folder first");
    }

    @Test
    void missingKeysOption_saysHowToGetAKeyFile() {
        assertMentions(failure(Main.USAGE, "inspect", "tok"), "inspect needs --keys FILE", "crumb keygen --out FILE");
    }

    @Test
    void badAlgorithm_namesTheOption() {
        assertMentions(failure(Main.USAGE, "keygen", "--alg", "HS256"), "--alg: ");
    }

    @Test
    void strayArgument_saysOptionsStartWithDashes() {
        assertMentions(failure(Main.USAGE, "keygen", "keys.json"),
                "keygen takes no argument, got 'keys.json'; options start with --");
    }

    @Test
    void twoTokens_saysHowManyAndToQuote() {
        Path file = keygen();
        assertMentions(failure(Main.USAGE, "inspect", "--keys", file.toString(), "a", "b"),
                "inspect needs exactly one TOKEN argument, got 2; quote it");
    }

    @Test
    void promoteAndRetire_saysToRunTwice() {
        Path file = keygen();
        assertMentions(failure(Main.USAGE, "rotate", "--keys", file.toString(), "--promote", "a", "--retire", "b"),
                "cannot be combined; run rotate once for each");
    }

    @Test
    void unknownKid_pointsToList() {
        Path file = keygen();
        for (String op : new String[] {"--promote", "--retire"}) {
            assertMentions(failure(Main.KEY_ERROR, "rotate", "--keys", file.toString(), op, "nope"),
                    "no key with kid 'nope' in " + file, "`crumb list --keys " + file + "` shows its kids");
        }
    }

    @Test
    void badTimes_sayTheExpectedForm() {
        Path file = keygen();
        assertMentions(failure(Main.USAGE, "inspect", "--keys", file.toString(), "--at", "noon", "a.b.c.d.e"),
                "--at must be epoch seconds or an ISO-8601 instant like 2026-01-01T00:00:00Z, got noon");
        assertMentions(failure(Main.USAGE, "seal", "--keys", file.toString(), "--ttl", "30m", "{}"),
                "--ttl must be an ISO-8601 duration such as PT30M, got 30m");
        assertMentions(failure(Main.USAGE, "seal", "--keys", file.toString(), "--ttl", "-PT1M", "{}"),
                "--ttl must be positive");
    }

    @Test
    void badCookieNameAndAudience_nameTheOption() {
        Path file = keygen();
        assertMentions(failure(Main.USAGE, "seal", "--keys", file.toString(), "--cookie", "a b", "{}"), "--cookie: ");
        assertMentions(failure(Main.USAGE, "seal", "--keys", file.toString(), "--audience", "", "{}"),
                "--audience: ", "context path");
    }

    @Test
    void inspect_otherAudience_isRejectedWithAHint_andOpensWithIt() {
        Path file = keygen();
        Run sealed = run("seal", "--keys", file.toString(), "--audience", "/shop", "{\"a\":1}");
        assertEquals(Main.OK, sealed.code(), sealed.err());
        String token = sealed.out().trim();

        Run without = run("inspect", "--keys", file.toString(), token);
        assertEquals(Main.REJECTED, without.code());
        assertMentions(without.out(), "WRONG_COOKIE", "--audience AUD", "context path");

        Run with = run("inspect", "--keys", file.toString(), "--audience", "/shop", token);
        assertEquals(Main.OK, with.code(), with.out());
        assertMentions(with.out(), "status:     VALID", "{\"a\":1}");
    }

    @Test
    void cookieValue_acceptsCookieForms() {
        assertEquals("a.b.c.d.e", Main.cookieValue("a.b.c.d.e"));
        assertEquals("a.b.c.d.e", Main.cookieValue("s=a.b.c.d.e"));
        assertEquals("a.b.c.d.e", Main.cookieValue("Set-Cookie: s=a.b.c.d.e; Path=/; Secure"));
        assertEquals("a.b.c.d.e", Main.cookieValue("s=\"a.b.c.d.e\""));
    }
}
