package dev.crumb.cli;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.OpenResult;
import dev.crumb.RejectReason;
import dev.crumb.SessionCodec;
import dev.crumb.SessionData;
import dev.crumb.SessionException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code crumb}: manage JWK Sets of session keys and look inside session cookies.
 *
 * <pre>
 * java -jar cli/target/crumb-cli.jar keygen [--alg A256GCM|A256CBC-HS512] [--kid KID] [--out FILE [--force]]
 * java -jar cli/target/crumb-cli.jar rotate --keys FILE [--stage] [--alg ALG] [--kid KID]
 * java -jar cli/target/crumb-cli.jar rotate --keys FILE --promote KID | --retire KID
 * java -jar cli/target/crumb-cli.jar list --keys FILE
 * java -jar cli/target/crumb-cli.jar inspect --keys FILE [--cookie NAME] [--audience AUD] [--at TIME] TOKEN
 * java -jar cli/target/crumb-cli.jar seal --keys FILE [--cookie NAME] [--audience AUD] [--subject SUB] [--ttl PT30M] JSON
 * </pre>
 *
 * <p>{@code keygen --out} refuses to replace an existing file (a live key set: replacing it would
 * log out every user) unless given {@code --force}. Every error message says what is wrong and
 * how to fix it.
 *
 * <p>Exit codes: 0 success, 1 the token was rejected (inspect), 2 usage error, 3 a key file or
 * key problem. Secrets are printed only by {@code keygen} without {@code --out} (that is what it
 * was asked for) and by {@code rotate --print}.
 */
public final class Main {

    /** Success. */
    public static final int OK = 0;
    /** {@code inspect}: the token did not open. */
    public static final int REJECTED = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** A key file could not be read, parsed or written. */
    public static final int KEY_ERROR = 3;

    private static final String USAGE_TEXT = String.join("\n",
            "usage: crumb <command> [options]",
            "  keygen  [--alg A256GCM|A256CBC-HS512] [--kid KID] [--out FILE [--force]]   new JWK Set (stdout unless --out)",
            "  rotate  --keys FILE [--stage] [--alg ALG] [--kid KID] [--print]  add a new key (primary unless --stage)",
            "  rotate  --keys FILE --promote KID | --retire KID [--print]       make a key primary / remove one",
            "  list    --keys FILE                                              kids, algorithms, primary",
            "  inspect --keys FILE [--cookie NAME] [--audience AUD] [--at TIME] TOKEN   open a cookie, show what is in it",
            "  seal    --keys FILE [--cookie NAME] [--audience AUD] [--subject SUB] [--ttl DUR] JSON   seal (for tests)",
            "exit codes: 0 ok, 1 token rejected, 2 usage error, 3 key file error");

    /** Each command's options; {@code --stage}, {@code --print} and {@code --force} take no value. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "keygen", List.of("alg", "kid", "out", "force"),
            "rotate", List.of("keys", "stage", "alg", "kid", "promote", "retire", "print"),
            "list", List.of("keys"),
            "inspect", List.of("keys", "cookie", "audience", "at"),
            "seal", List.of("keys", "cookie", "audience", "subject", "ttl"));

    private static final Pattern CN = Pattern.compile("\"cn\"\\s*:\\s*\"([^\"\\\\]*)\"");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    Main(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, Clock.systemUTC()).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        if (!OPTIONS.containsKey(args[0])) {
            err.println("crumb: unknown command '" + args[0] + "'; the commands are "
                    + String.join(", ", List.of("keygen", "rotate", "list", "inspect", "seal")));
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            Options o = Options.parse(args, OPTIONS.get(args[0]));
            switch (o.command) {
                case "keygen":
                    return keygen(o);
                case "rotate":
                    return rotate(o);
                case "list":
                    return list(o);
                case "inspect":
                    return inspect(o);
                case "seal":
                    return seal(o);
                default:
                    throw new IllegalStateException("no handler for " + o.command);
            }
        } catch (UsageException e) {
            err.println("crumb: " + e.getMessage());
            return USAGE;
        } catch (KeyFileException e) {
            err.println("crumb: " + e.getMessage());
            return KEY_ERROR;
        }
    }

    private int keygen(Options o) {
        o.noPositional();
        String file = o.value("out");
        if (file == null && o.flag("force")) {
            throw new UsageException("--force only applies with --out FILE; without --out the keys go to stdout");
        }
        if (file != null && Files.exists(Path.of(file)) && !o.flag("force")) {
            throw new KeyFileException("key file " + file + " already exists and may be a live key set (replacing it "
                    + "logs out every user); to add a key use `crumb rotate --keys " + file + "`, to replace it "
                    + "anyway add --force");
        }
        KeyRing key = newKey(o);
        String kid = key.primaryKid(clock.instant());
        String jwks = key.toJwkSet(clock.instant());
        if (file == null) {
            out.println(jwks);
        } else {
            writeKeys(Path.of(file), jwks);
            out.println("wrote " + file + ": primary " + kid + " (" + key.algorithm(kid) + ")");
        }
        return OK;
    }

    private int rotate(Options o) {
        o.noPositional();
        Path file = o.keysPath();
        KeyRing ring = readKeys(file);
        String promote = o.value("promote");
        String retire = o.value("retire");
        if (promote != null && retire != null) {
            throw new UsageException("--promote and --retire cannot be combined; run rotate once for each");
        }
        KeyRing next;
        String summary;
        try {
            if (promote != null) {
                if (!ring.kids(clock.instant()).contains(promote)) {
                    throw new KeyFileException("no key with kid '" + promote + "' in " + file
                            + "; `crumb list --keys " + file + "` shows its kids");
                }
                next = ring.withPrimary(promote);
                summary = "promoted " + promote + " to primary";
            } else if (retire != null) {
                if (!ring.kids(clock.instant()).contains(retire)) {
                    throw new KeyFileException("no key with kid '" + retire + "' in " + file
                            + "; `crumb list --keys " + file + "` shows its kids");
                }
                next = ring.without(retire);
                summary = "retired " + retire + "; its cookies no longer open";
            } else {
                KeyRing key = newKey(o);
                String kid = key.primaryKid(clock.instant());
                if (o.flag("stage")) {
                    next = ring.followedBy(key);
                    summary = "staged " + kid + " (opens only); roll it out everywhere, then --promote " + kid;
                } else {
                    next = key.followedBy(ring);
                    summary = "added " + kid + " as primary; older keys still open";
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KeyFileException(e.getMessage());
        }
        if (o.flag("print")) {
            out.println(next.toJwkSet(clock.instant()));
        } else {
            writeKeys(file, next.toJwkSet(clock.instant()));
            out.println(summary);
            out.println(describe(next));
        }
        return OK;
    }

    private int list(Options o) {
        o.noPositional();
        out.println(describe(readKeys(o.keysPath())));
        return OK;
    }

    private int inspect(Options o) {
        String token = cookieValue(o.single("TOKEN"));
        KeyRing ring = readKeys(o.keysPath());
        Instant at = o.value("at") == null ? clock.instant() : parseTime(o.value("at"));
        String header = headerJson(token);
        String cookie = o.value("cookie");
        if (cookie == null) {
            Matcher m = header == null ? null : CN.matcher(header);
            cookie = m != null && m.find() ? m.group(1) : "__Host-session";
        }
        SessionCodec codec = codec(ring, cookie, o.value("audience"), at, true);
        out.println("header:     " + (header == null ? "(not base64url JSON)" : header));
        OpenResult result = codec.open(token);
        if (!result.isValid()) {
            RejectReason reason = result.reason().orElseThrow();
            out.println("status:     REJECTED " + reason
                    + " (cookie " + cookie + ", audience " + o.value("audience") + ", at " + at + ")");
            if (reason == RejectReason.WRONG_COOKIE) {
                out.println("hint:       sealed for another cookie name or audience; pass the application's "
                        + "--cookie NAME and --audience AUD (a servlet filter's default audience is its context path)");
            }
            return REJECTED;
        }
        SessionData d = result.data().orElseThrow();
        out.println("status:     VALID" + (result.needsReseal() ? " (sealed with a non-primary key: will be re-sealed)" : ""));
        out.println("sid:        " + d.id());
        out.println("sub:        " + d.subject().orElse("(none)"));
        out.println("auth_time:  " + d.createdAt().getEpochSecond() + "  " + d.createdAt());
        out.println("iat:        " + d.issuedAt().getEpochSecond() + "  " + d.issuedAt());
        out.println("exp:        " + d.expiresAt().getEpochSecond() + "  " + d.expiresAt());
        out.println("attrs:      " + d.attributesJson());
        out.println("size:       " + token.length() + " characters");
        return OK;
    }

    private int seal(Options o) {
        String json = o.single("JSON");
        KeyRing ring = readKeys(o.keysPath());
        String cookie = o.value("cookie") == null ? "__Host-session" : o.value("cookie");
        Duration ttl;
        try {
            ttl = o.value("ttl") == null ? Duration.ofMinutes(30) : Duration.parse(o.value("ttl"));
        } catch (DateTimeParseException e) {
            throw new UsageException("--ttl must be an ISO-8601 duration such as PT30M, got " + o.value("ttl"));
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new UsageException("--ttl must be positive, got " + ttl);
        }
        try {
            Instant now = clock.instant();
            SessionCodec codec = codec(ring, cookie, o.value("audience"), now, false);
            SessionData data = SessionData.builder().subject(o.value("subject"))
                    .issuedAt(now).expiresAt(now.plus(ttl)).attributesJson(json).build();
            out.println(codec.seal(data));
            return OK;
        } catch (IllegalArgumentException | SessionException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The codec of an application with that cookie and audience, at a fixed time; for inspection,
     * one that opens tokens of up to 16 chunks' length.
     */
    private static SessionCodec codec(KeyRing ring, String cookie, String audience, Instant at, boolean inspect) {
        CookieSessions.Builder b = CookieSessions.builder().keys(ring).clock(Clock.fixed(at, ZoneOffset.UTC));
        if (inspect) {
            b.chunking(16);
        }
        try {
            b.cookie(CookieSpec.named(cookie));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cookie: " + e.getMessage());
        }
        if (audience != null) {
            try {
                b.audience(audience);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--audience: " + e.getMessage());
            }
        }
        return b.build().codec();
    }

    private KeyRing newKey(Options o) {
        String alg = o.value("alg") == null ? "A256GCM" : o.value("alg");
        if (!alg.equals("A256GCM") && !alg.equals("A256CBC-HS512")) {
            throw new UsageException("--alg: unsupported key algorithm" + (alg.length() <= 20 ? " \"" + alg + "\"" : "")
                    + "; use \"A256GCM\" (recommended) or \"A256CBC-HS512\"");
        }
        String kid = o.value("kid");
        if (kid == null) {
            byte[] r = new byte[3];
            new SecureRandom().nextBytes(r);
            kid = "k-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE)
                    + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
        }
        try {
            return KeyRing.generate(kid, alg);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kid: " + e.getMessage());
        }
    }

    private String describe(KeyRing ring) {
        List<String> kids = ring.kids(clock.instant());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kids.size(); i++) {
            sb.append(i == 0 ? "primary  " : "opens    ").append(kids.get(i)).append("  ")
              .append(ring.algorithm(kids.get(i))).append(i + 1 < kids.size() ? "\n" : "");
        }
        return sb.toString();
    }

    private KeyRing readKeys(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyFileException("cannot read key file " + file + ": no such file; create one with `crumb keygen "
                    + "--out " + file + "`");
        } catch (AccessDeniedException e) {
            throw new KeyFileException("cannot read key file " + file + ": permission denied; run as the user that "
                    + "owns it (key files are readable by their owner only)");
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + reason(e) + "; pass the path of a JWK "
                    + "Set file, as `crumb keygen --out FILE` writes");
        }
        try {
            return KeyRing.fromJwkSet(json);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key file " + file + " is not a usable JWK Set: " + e.getMessage()
                    + "; restore it from a backup, or create a new set with `crumb keygen --out FILE`");
        }
    }

    /** Writes a key file readable by its owner only, replacing it atomically where possible. */
    private static void writeKeys(Path file, String jwks) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".crumb-keys", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: rely on the directory's permissions.
                }
                Files.writeString(tmp, jwks + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (NoSuchFileException e) {
            throw new KeyFileException("cannot write key file " + file + ": its folder does not exist; create the "
                    + "folder first or choose another path");
        } catch (AccessDeniedException e) {
            throw new KeyFileException("cannot write key file " + file + ": permission denied; choose a folder you "
                    + "can write to");
        } catch (IOException e) {
            throw new KeyFileException("cannot write key file " + file + ": " + reason(e)
                    + "; choose a path in a writable folder");
        }
    }

    /** An I/O failure in words, without the path the message already names. */
    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Accepts a bare token, {@code name=token}, or a whole Set-Cookie line. */
    static String cookieValue(String arg) {
        String v = arg.trim();
        if (v.regionMatches(true, 0, "Set-Cookie:", 0, 11) || v.regionMatches(true, 0, "Cookie:", 0, 7)) {
            v = v.substring(v.indexOf(':') + 1).trim();
        }
        int semi = v.indexOf(';');
        if (semi >= 0) {
            v = v.substring(0, semi);
        }
        int eq = v.indexOf('=');
        if (eq >= 0 && eq < v.indexOf('.')) {
            v = v.substring(eq + 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.trim();
    }

    /** The header segment decoded, unauthenticated, for display; null if it does not decode. */
    private static String headerJson(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 4096) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant parseTime(String s) {
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(s)) : Instant.parse(s);
        } catch (RuntimeException e) {
            throw new UsageException("--at must be epoch seconds or an ISO-8601 instant like 2026-01-01T00:00:00Z, got " + s);
        }
    }

    /** A mistake in the command line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A key file that cannot be read, parsed or written, or a key operation that does not apply. */
    static final class KeyFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyFileException(String message) {
            super(message);
        }
    }

    /** {@code command --name value --flag positional...} */
    private static final class Options {
        private static final Set<String> FLAGS = Set.of("stage", "print", "force");

        final String command;
        final Map<String, String> values = new HashMap<>();
        final Deque<String> positional = new ArrayDeque<>();

        private Options(String command) {
            this.command = command;
        }

        static Options parse(String[] args, List<String> allowed) {
            Options o = new Options(args[0]);
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--") && a.length() > 2) {
                    String name = a.substring(2);
                    if (!allowed.contains(name)) {
                        throw new UsageException("unknown option --" + name + " for " + o.command + "; its options are "
                                + String.join(", ", allowed.stream().map(n -> "--" + n).toList()));
                    }
                    if (FLAGS.contains(name)) {
                        o.values.put(name, "true");
                    } else if (i + 1 < args.length) {
                        o.values.put(name, args[++i]);
                    } else {
                        throw new UsageException("option --" + name + " needs a value, e.g. " + example(name));
                    }
                } else {
                    o.positional.add(a);
                }
            }
            return o;
        }

        private static String example(String name) {
            return switch (name) {
                case "alg" -> "--alg A256GCM";
                case "kid", "promote", "retire" -> "--" + name + " k-20260101-abcd";
                case "at" -> "--at 2026-01-01T00:00:00Z";
                case "ttl" -> "--ttl PT30M";
                case "cookie" -> "--cookie __Host-session";
                case "audience" -> "--audience /shop";
                case "subject" -> "--subject user-42";
                default -> "--" + name + " keys.json";
            };
        }

        void noPositional() {
            if (!positional.isEmpty()) {
                throw new UsageException(command + " takes no argument, got '" + positional.peekFirst()
                        + "'; options start with --, see crumb --help");
            }
        }

        String single(String what) {
            if (positional.size() != 1) {
                throw new UsageException(command + " needs exactly one " + what + " argument, got " + positional.size()
                        + "; quote it if it holds spaces or semicolons");
            }
            return positional.peekFirst();
        }

        String value(String name) {
            return values.get(name);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        Path keysPath() {
            String file = values.get("keys");
            if (file == null) {
                throw new UsageException(command + " needs --keys FILE (a JWK Set, e.g. from crumb keygen --out FILE)");
            }
            return Path.of(file);
        }
    }
}
