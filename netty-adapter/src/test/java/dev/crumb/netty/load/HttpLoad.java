package dev.crumb.netty.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP-level cost of {@link dev.crumb.netty.CookieSessionHandler}: the two {@link LoadServers}
 * under a loopback keep-alive load generator, in alternating rounds, requests/s and p99 latency
 * side by side. Not a unit test: run it by hand with {@code netty-adapter/load.sh} (see
 * {@code netty-adapter/LOAD.md}).
 *
 * <pre>
 * HttpLoad [--rounds 3] [--duration 10] [--warmup 5] [--connections 32] [--threads 1]
 *          [--client auto|wrk|java] [--configs none,unchanged,changed,...,vertx-unchanged,...]
 *          [--pace MS]          # wrk only: each connection waits MS ms after every response
 * HttpLoad --serve SECONDS     # only start the servers, print their ports and cookies, for manual wrk runs
 * </pre>
 *
 * Three configurations, run in this order in every round: {@code none} (the server without the
 * handler), {@code unchanged} (with the handler; the application reads the session and changes
 * nothing, so no cookie is written) and {@code changed} (with the handler; every request puts a
 * counter, so every response seals a cookie). Two more, for diagnosis, on request with
 * {@code --configs}: {@code untouched} (with the handler; the application never asks for the
 * session) and {@code strings} (with the handler; the application reads only string values,
 * which commit need not re-serialize to look for changes). All of them send the same Cookie header, obtained
 * from {@code POST /login} before each run.
 *
 * <p>The side-by-side with Vert.x, on request with {@code --configs}: {@code vertx-none},
 * {@code vertx-unchanged}, {@code vertx-changed}, {@code vertx-untouched} and {@code vertx-strings}
 * do the same on {@link VertxLoadServers} (Vert.x Web, its {@code SessionHandler} with a
 * {@code CookieSessionStore}), each sending a cookie that Vert.x's session server sealed, and each
 * measured against {@code vertx-none} as Crumb's are against {@code none}. The baselines of the
 * configurations asked for run first in every round, then the others in the order given. The
 * summary's "side by side" lines compare what each session handler adds to its own baseline.
 *
 * <p>The load generator is wrk when it is on the PATH
 * ({@code --client auto}), else a small Java NIO client ({@link JavaLoadClient}). Every run is
 * bounded in time and everything stops by itself. By default the load is closed-loop: each
 * connection sends its next request as soon as the last is answered, so a slower server is also
 * offered fewer requests a second, and the kernel's work per request (waking the load generator,
 * batching of reads and writes) differs between configurations. With {@code --pace MS} (wrk only)
 * each connection waits MS ms after every response, so every configuration is offered nearly the
 * same requests a second, below what any of them can serve.
 */
public final class HttpLoad {

    /** Which pair of servers a configuration runs on. */
    enum Stack {
        /** {@link LoadServers}: Netty, with or without {@link dev.crumb.netty.CookieSessionHandler}. */
        CRUMB,
        /** {@link VertxLoadServers}: Vert.x Web, with or without its SessionHandler and CookieSessionStore. */
        VERTX
    }

    /** A measured configuration. */
    enum Config {
        NONE("none", "no handler", "/read", Stack.CRUMB, false),
        UNCHANGED("unchanged", "handler, session read, unchanged", "/read", Stack.CRUMB, true),
        CHANGED("changed", "handler, session changed every request", "/write", Stack.CRUMB, true),
        /** Diagnostic, not run by default: the handler loads and commits, the application never asks. */
        UNTOUCHED("untouched", "handler, session not used by the app", "/static", Stack.CRUMB, true),
        /** Diagnostic, not run by default: only immutable values read, so commit has nothing to compare. */
        STRINGS("strings", "handler, session read (strings only), unchanged", "/whoami", Stack.CRUMB, true),
        /** The side-by-side, not run by default: Vert.x Web without a session handler. */
        VERTX_NONE("vertx-none", "Vert.x, no session handler", "/read", Stack.VERTX, false),
        VERTX_UNCHANGED("vertx-unchanged", "Vert.x SessionHandler, session read, unchanged", "/read", Stack.VERTX, true),
        VERTX_CHANGED("vertx-changed", "Vert.x SessionHandler, session changed every request", "/write", Stack.VERTX, true),
        VERTX_UNTOUCHED("vertx-untouched", "Vert.x SessionHandler, session not used by the app", "/static", Stack.VERTX, true),
        VERTX_STRINGS("vertx-strings", "Vert.x SessionHandler, session read (strings only), unchanged", "/whoami",
                Stack.VERTX, true);

        final String id;
        final String label;
        final String path;
        final Stack stack;
        final boolean sessions;

        Config(String id, String label, String path, Stack stack, boolean sessions) {
            this.id = id;
            this.label = label;
            this.path = path;
            this.stack = stack;
            this.sessions = sessions;
        }

        /** The configuration of the same stack without sessions that this one is measured against. */
        Config baseline() {
            return stack == Stack.CRUMB ? NONE : VERTX_NONE;
        }

        /** The same application work on the other stack: unchanged for vertx-unchanged and back. */
        Config counterpart() {
            return stack == Stack.CRUMB ? valueOf("VERTX_" + name()) : valueOf(name().substring("VERTX_".length()));
        }

        /** Whether every response of this configuration must carry a Set-Cookie. */
        boolean changesTheSession() {
            return this == CHANGED || this == VERTX_CHANGED;
        }
    }

    /**
     * One measured run, with the server's CPU time over it: its event loop thread's in all and in
     * user mode alone, and the whole process's.
     */
    record Run(Config config, int round, LoadStats load, double eventLoopMicrosPerRequest,
               double eventLoopUserMicrosPerRequest, double processMicrosPerRequest) {}

    private static final int MAX_RUN_SECONDS = 15;
    private static final int MAX_SERVE_SECONDS = 600;

    private int rounds = 3;
    private int durationSeconds = 10;
    private int warmupSeconds = 5;
    private int connections = 32;
    private int threads = 1;
    private String client = "auto";
    private int paceMillis;
    private Path paceScript;
    private List<Config> configs = List.of(Config.NONE, Config.UNCHANGED, Config.CHANGED);
    private int serveSeconds = -1;

    private HttpLoad() {}

    public static void main(String[] args) throws Exception {
        HttpLoad load = new HttpLoad();
        load.parse(args);
        // Vert.x starts only when a configuration runs on it (or to serve): it shares the JVM,
        // and Netty's code, with the Crumb servers.
        boolean vertx = load.serveSeconds >= 0 || load.configs.stream().anyMatch(c -> c.stack == Stack.VERTX);
        try (LoadServers crumb = LoadServers.start();
                VertxLoadServers vertxServers = vertx ? VertxLoadServers.start() : null) {
            Targets servers = new Targets(crumb, vertxServers);
            if (load.serveSeconds >= 0) {
                load.serve(servers);
            } else {
                load.measure(servers);
            }
        }
    }

    /** The servers of one run: Crumb's, and Vert.x's when a configuration needs them. */
    record Targets(LoadServers crumb, VertxLoadServers vertx) {

        InetSocketAddress address(Config c) {
            if (c.stack == Stack.CRUMB) {
                return c.sessions ? crumb.withSessions() : crumb.plain();
            }
            return c.sessions ? vertx.withSessions() : vertx.plain();
        }

        long eventLoopCpuNanos(Config c) {
            return c.stack == Stack.CRUMB ? crumb.eventLoopCpuNanos(c.sessions) : vertx.eventLoopCpuNanos(c.sessions);
        }

        long eventLoopUserNanos(Config c) {
            return c.stack == Stack.CRUMB ? crumb.eventLoopUserNanos(c.sessions) : vertx.eventLoopUserNanos(c.sessions);
        }

        /** A fresh login's cookie from the session server of {@code c}'s stack. */
        String login(Config c) throws IOException {
            return login(c.stack == Stack.CRUMB ? crumb.withSessions() : vertx.withSessions());
        }

        static String login(InetSocketAddress sessionServer) throws IOException {
            OneRequest.Reply login = OneRequest.send(sessionServer, "POST", "/login", null);
            if (login.status() != 200 || login.setCookies().size() != 1) {
                throw new IllegalStateException("login failed: " + login);
            }
            return OneRequest.pair(login.setCookies().get(0));
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw usage("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--rounds" -> rounds = positive(name, value, 100);
                case "--duration" -> durationSeconds = positive(name, value, MAX_RUN_SECONDS);
                case "--warmup" -> warmupSeconds = positive(name, value, MAX_RUN_SECONDS);
                case "--connections" -> connections = positive(name, value, 1000);
                case "--threads" -> threads = positive(name, value, 64);
                case "--client" -> {
                    if (!List.of("auto", "wrk", "java").contains(value)) {
                        throw usage("--client is auto, wrk or java");
                    }
                    client = value;
                }
                case "--configs" -> configs = configs(value);
                case "--pace" -> paceMillis = positive(name, value, 1000);
                case "--serve" -> serveSeconds = positive(name, value, MAX_SERVE_SECONDS);
                default -> throw usage("unknown option " + name);
            }
        }
    }

    static List<Config> configs(String value) {
        List<Config> list = new ArrayList<>();
        for (String id : value.split(",")) {
            Config c = Arrays.stream(Config.values()).filter(x -> x.id.equals(id.strip())).findFirst()
                    .orElseThrow(() -> usage("unknown configuration " + id));
            if (!list.contains(c)) {
                list.add(c);
            }
        }
        // Every ratio is against its stack's baseline in the same round: the baselines run first.
        List<Config> baselines = new ArrayList<>();
        for (Config c : List.copyOf(list)) {
            if (!baselines.contains(c.baseline())) {
                baselines.add(c.baseline());
            }
        }
        list.removeAll(baselines);
        baselines.addAll(list);
        return List.copyOf(baselines);
    }

    private static int positive(String name, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw usage(name + " must be 1.." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage(name + " takes a number");
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "\nusage: HttpLoad [--rounds N] [--duration S<=15] "
                + "[--warmup S<=15] [--connections C] [--threads T] [--client auto|wrk|java] [--pace MS] "
                + "[--configs none,unchanged,changed,untouched,strings,vertx-none,vertx-unchanged,"
                + "vertx-changed,vertx-untouched,vertx-strings] | --serve S<=600");
    }

    private void serve(Targets servers) throws IOException, InterruptedException {
        String cookie = servers.login(Config.UNCHANGED);
        System.out.println("without handler: " + url(servers.address(Config.NONE), "/read"));
        System.out.println("with handler:    " + url(servers.address(Config.UNCHANGED), "/read")
                + "  (/write changes the session)");
        System.out.println("cookie:          " + cookie);
        System.out.println("Vert.x without SessionHandler: " + url(servers.address(Config.VERTX_NONE), "/read"));
        System.out.println("Vert.x with SessionHandler:    " + url(servers.address(Config.VERTX_UNCHANGED), "/read"));
        System.out.println("Vert.x cookie:   " + servers.login(Config.VERTX_UNCHANGED));
        System.out.println("e.g. wrk -t1 -c32 -d10s --latency -H 'Cookie: " + cookie + "' "
                + url(servers.address(Config.UNCHANGED), "/read"));
        System.out.println("stopping in " + serveSeconds + " s");
        Thread.sleep(serveSeconds * 1000L);
    }

    private void measure(Targets servers) throws Exception {
        String wrkVersion = Wrk.version();
        boolean useWrk = switch (client) {
            case "wrk" -> {
                if (wrkVersion == null) {
                    throw new IllegalStateException("--client wrk, but wrk is not on the PATH (apt-get install wrk)");
                }
                yield true;
            }
            case "java" -> false;
            default -> wrkVersion != null;
        };
        if (paceMillis > 0) {
            if (!useWrk) {
                throw new IllegalStateException("--pace needs wrk (apt-get install wrk); the Java client has no pacing");
            }
            paceScript = Wrk.paceScript(paceMillis);
        }
        Duration duration = Duration.ofSeconds(durationSeconds);
        System.out.println("# Crumb HTTP load: Netty HTTP/1.1 with and without CookieSessionHandler"
                + (servers.vertx() != null ? "; Vert.x Web with and without SessionHandler + CookieSessionStore" : ""));
        System.out.println("JDK:    " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", args " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("CPU:    " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("client: " + (useWrk
                ? wrkVersion + ": " + String.join(" ", Wrk.command(servers.address(Config.NONE), "/read", "Cookie", threads,
                        connections, duration, paceScript)).replace("Cookie: Cookie", "Cookie: <session>")
                        + (paceMillis > 0 ? " (paced: each connection waits " + paceMillis
                                + " ms after every response, so every configuration is offered the same load)" : "")
                : "Java NIO client, 1 thread, " + connections + " keep-alive connections, " + durationSeconds + " s"));
        System.out.println("plan:   warm-up " + warmupSeconds + " s per configuration, then " + rounds
                + " rounds of " + String.join(", ", configs.stream().map(c -> c.id).toList())
                + " (" + durationSeconds + " s each)");
        for (Stack stack : Stack.values()) {
            Config base = stack == Stack.CRUMB ? Config.NONE : Config.VERTX_NONE;
            if (configs.contains(base)) {
                System.out.println("cookie: " + servers.login(base).length() + " characters in the Cookie header ("
                        + (stack == Stack.CRUMB ? "Crumb" : "Vert.x CookieSessionStore") + ")");
            }
        }
        System.out.println();

        for (Config c : configs) {
            Run w = run(servers, c, 0, Duration.ofSeconds(warmupSeconds), useWrk);
            System.out.printf(Locale.ROOT, "warm-up %-15s %,10.0f req/s%n", c.id, w.load().requestsPerSecond());
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Config c : configs) {
                Run r = run(servers, c, round, duration, useWrk);
                runs.add(r);
                System.out.printf(Locale.ROOT,
                        "round %d %-15s %,10.0f req/s  p50 %6.3f ms  p99 %6.3f ms  event loop %5.1f us/req"
                                + " (user %5.1f)%s%n",
                        round, c.id, r.load().requestsPerSecond(), r.load().p50Millis(), r.load().p99Millis(),
                        r.eventLoopMicrosPerRequest(), r.eventLoopUserMicrosPerRequest(), useWrk
                                ? String.format(Locale.ROOT, "  process %5.1f us/req", r.processMicrosPerRequest())
                                : "");
            }
        }
        System.out.println();
        System.out.println(summary(runs, rounds, useWrk));
    }

    private Run run(Targets servers, Config config, int round, Duration duration, boolean useWrk)
            throws Exception {
        // A fresh cookie for every run, so no run reaches the handler's renewal age; each stack's
        // configurations, its baseline too, carry a cookie its own session server sealed.
        String cookie = servers.login(config);
        InetSocketAddress server = servers.address(config);
        check(server, config, cookie);
        long loopBefore = servers.eventLoopCpuNanos(config);
        long userBefore = servers.eventLoopUserNanos(config);
        long processBefore = processCpuNanos();
        LoadStats load = useWrk
                ? Wrk.run(server, config.path, cookie, threads, connections, duration, paceScript)
                : JavaLoadClient.run(server, config.path, cookie, connections, duration);
        long loop = servers.eventLoopCpuNanos(config) - loopBefore;
        long user = servers.eventLoopUserNanos(config) - userBefore;
        long process = processCpuNanos() - processBefore;
        if (!load.clean()) {
            throw new IllegalStateException(config.id + ": " + load);
        }
        return new Run(config, round, load, loop / 1e3 / load.requests(), user / 1e3 / load.requests(),
                useWrk ? process / 1e3 / load.requests() : Double.NaN);
    }

    /** The session cookie of a fresh login on Crumb's server, as a Cookie header value. */
    static String login(LoadServers servers) throws IOException {
        return Targets.login(servers.withSessions());
    }

    /** The session cookie of a fresh login on Vert.x's server, as a Cookie header value. */
    static String login(VertxLoadServers servers) throws IOException {
        return Targets.login(servers.withSessions());
    }

    /** One request before the run: 200, and a Set-Cookie exactly when the session changes. */
    static void check(InetSocketAddress server, Config config, String cookie) throws IOException {
        OneRequest.Reply reply = OneRequest.send(server, "GET", config.path, cookie);
        int expectedCookies = config.changesTheSession() ? 1 : 0;
        if (reply.status() != 200 || reply.setCookies().size() != expectedCookies) {
            throw new IllegalStateException(config.id + ": expected 200 with " + expectedCookies
                    + " Set-Cookie, got " + reply);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String url(InetSocketAddress server, String path) {
        return "http://" + server.getAddress().getHostAddress() + ":" + server.getPort() + path;
    }

    /**
     * The table: per configuration the median over rounds, and what it adds to its stack's
     * baseline per round, in all and in user mode; then requests/s cost and p99 per round, and
     * the side-by-side of each Crumb configuration with its Vert.x counterpart when both ran.
     */
    static String summary(List<Run> runs, int rounds, boolean processCpu) {
        Map<Config, List<Run>> by = new EnumMap<>(Config.class);
        for (Run r : runs) {
            by.computeIfAbsent(r.config(), c -> new ArrayList<>()).add(r);
        }
        StringBuilder s = new StringBuilder();
        s.append("| configuration | req/s, median (min-max) | p99 ms, median (min-max) | p50 ms | event loop CPU us/req"
                + " | added us/req vs its baseline, median (rounds) | of it in user mode, median (rounds)")
                .append(processCpu ? " | server process CPU us/req |" : " |").append('\n');
        s.append("|---|---|---|---|---|---|---").append(processCpu ? "|---|" : "|").append('\n');
        for (Config c : Config.values()) {
            List<Run> rs = by.getOrDefault(c, List.of());
            if (rs.isEmpty()) {
                continue;
            }
            double[] rps = rs.stream().mapToDouble(r -> r.load().requestsPerSecond()).toArray();
            double[] p99 = rs.stream().mapToDouble(r -> r.load().p99Millis()).toArray();
            s.append(String.format(Locale.ROOT, "| %s | %,.0f (%,.0f-%,.0f) | %.3f (%.3f-%.3f) | %.3f | %.1f | ",
                    c.label, median(rps), min(rps), max(rps), median(p99), min(p99), max(p99),
                    median(rs.stream().mapToDouble(r -> r.load().p50Millis()).toArray()),
                    median(rs.stream().mapToDouble(Run::eventLoopMicrosPerRequest).toArray())));
            double[] added = addedMicros(runs, c, rounds, Run::eventLoopMicrosPerRequest);
            double[] addedUser = addedMicros(runs, c, rounds, Run::eventLoopUserMicrosPerRequest);
            if (c.baseline() != c && added.length > 0) {
                s.append(String.format(Locale.ROOT, "%+.1f (%s) | %+.1f (%s)", median(added), join(added, 1, "%+.1f"),
                        median(addedUser), join(addedUser, 1, "%+.1f")));
            } else {
                s.append(" | ");
            }
            if (processCpu) {
                s.append(String.format(Locale.ROOT, " | %.1f",
                        median(rs.stream().mapToDouble(Run::processMicrosPerRequest).toArray())));
            }
            s.append(" |\n");
        }
        s.append('\n');
        for (Config c : Config.values()) {
            if (c.baseline() == c) {
                continue;
            }
            double[] cost = new double[rounds];
            double[] p99Ratio = new double[rounds];
            int n = 0;
            for (int round = 1; round <= rounds; round++) {
                Run base = find(runs, c.baseline(), round);
                Run with = find(runs, c, round);
                if (base != null && with != null) {
                    cost[n] = 1 - with.load().requestsPerSecond() / base.load().requestsPerSecond();
                    p99Ratio[n] = with.load().p99Millis() / base.load().p99Millis();
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            cost = Arrays.copyOf(cost, n);
            p99Ratio = Arrays.copyOf(p99Ratio, n);
            s.append(String.format(Locale.ROOT,
                    "%s vs %s: requests/s cost %.1f%% median (rounds: %s); p99 x%.2f median (rounds: %s)%n",
                    c.id, c.baseline().id, 100 * median(cost), join(cost, 100, "%.1f%%"), median(p99Ratio),
                    join(p99Ratio, 1, "x%.2f")));
        }
        for (Config base : List.of(Config.NONE, Config.VERTX_NONE)) {
            double[] baseRps = by.getOrDefault(base, List.of()).stream()
                    .mapToDouble(r -> r.load().requestsPerSecond()).toArray();
            if (baseRps.length > 1) {
                s.append(String.format(Locale.ROOT,
                        "noise: %s's requests/s spread (max-min)/median = %.1f%% over %d rounds%n",
                        base.id, 100 * (max(baseRps) - min(baseRps)) / median(baseRps), baseRps.length));
            }
        }
        String sideBySide = sideBySide(runs, rounds);
        if (!sideBySide.isEmpty()) {
            s.append('\n').append(sideBySide);
        }
        return s.toString();
    }

    /**
     * Crumb against Vert.x, per application behaviour both ran: the event loop CPU each session
     * handler adds to its own stack's baseline, and in how many rounds Crumb's is the smaller.
     */
    static String sideBySide(List<Run> runs, int rounds) {
        StringBuilder s = new StringBuilder();
        for (Config c : Config.values()) {
            if (c.stack != Stack.CRUMB || c.baseline() == c) {
                continue;
            }
            double[] crumb = addedMicros(runs, c, rounds, Run::eventLoopMicrosPerRequest);
            double[] vertx = addedMicros(runs, c.counterpart(), rounds, Run::eventLoopMicrosPerRequest);
            if (crumb.length == 0 || vertx.length == 0) {
                continue;
            }
            int smaller = 0;
            int both = 0;
            for (int round = 1; round <= rounds; round++) {
                Double a = addedInRound(runs, c, round, Run::eventLoopMicrosPerRequest);
                Double b = addedInRound(runs, c.counterpart(), round, Run::eventLoopMicrosPerRequest);
                if (a != null && b != null) {
                    both++;
                    if (a < b) {
                        smaller++;
                    }
                }
            }
            s.append(String.format(Locale.ROOT,
                    "side by side, %s: added event loop CPU us/req, Crumb %+.1f (rounds: %s), Vert.x %+.1f (rounds: %s);"
                            + " Crumb's is smaller in %d of %d rounds%n",
                    c.id, median(crumb), join(crumb, 1, "%+.1f"), median(vertx), join(vertx, 1, "%+.1f"), smaller, both));
        }
        return s.toString();
    }

    /** Per round, {@code c}'s event loop CPU per request ({@code cpu}) minus its baseline's in the same round. */
    private static double[] addedMicros(List<Run> runs, Config c, int rounds, ToDoubleFunction<Run> cpu) {
        double[] added = new double[rounds];
        int n = 0;
        for (int round = 1; round <= rounds; round++) {
            Double a = addedInRound(runs, c, round, cpu);
            if (a != null) {
                added[n++] = a;
            }
        }
        return Arrays.copyOf(added, n);
    }

    private static Double addedInRound(List<Run> runs, Config c, int round, ToDoubleFunction<Run> cpu) {
        Run base = find(runs, c.baseline(), round);
        Run with = find(runs, c, round);
        return base == null || with == null
                ? null
                : cpu.applyAsDouble(with) - cpu.applyAsDouble(base);
    }

    private static Run find(List<Run> runs, Config c, int round) {
        return runs.stream().filter(r -> r.config() == c && r.round() == round).findFirst().orElse(null);
    }

    private static String join(double[] values, double scale, String format) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, format, v * scale));
        }
        return String.join(", ", out);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
