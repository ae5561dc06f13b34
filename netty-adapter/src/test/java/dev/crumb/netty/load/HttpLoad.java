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

/**
 * The HTTP-level cost of {@link dev.crumb.netty.CookieSessionHandler}: the two {@link LoadServers}
 * under a loopback keep-alive load generator, in alternating rounds, requests/s and p99 latency
 * side by side. Not a unit test: run it by hand with {@code netty-adapter/load.sh} (see
 * {@code netty-adapter/LOAD.md}).
 *
 * <pre>
 * HttpLoad [--rounds 3] [--duration 10] [--warmup 5] [--connections 32] [--threads 1]
 *          [--client auto|wrk|java] [--configs none,unchanged,changed]
 * HttpLoad --serve SECONDS     # only start the servers, print their ports and a cookie, for manual wrk runs
 * </pre>
 *
 * Three configurations, run in this order in every round: {@code none} (the server without the
 * handler), {@code unchanged} (with the handler; the application reads the session and changes
 * nothing, so no cookie is written) and {@code changed} (with the handler; every request puts a
 * counter, so every response seals a cookie). Two more, for diagnosis, on request with
 * {@code --configs}: {@code untouched} (with the handler; the application never asks for the
 * session) and {@code strings} (with the handler; the application reads only string values,
 * which commit need not re-serialize to look for changes). All three send the same Cookie header, obtained
 * from {@code POST /login} before each run. The load generator is wrk when it is on the PATH
 * ({@code --client auto}), else a small Java NIO client ({@link JavaLoadClient}). Every run is
 * bounded in time and everything stops by itself.
 */
public final class HttpLoad {

    /** A measured configuration. */
    enum Config {
        NONE("none", "no handler", "/read"),
        UNCHANGED("unchanged", "handler, session read, unchanged", "/read"),
        CHANGED("changed", "handler, session changed every request", "/write"),
        /** Diagnostic, not run by default: the handler loads and commits, the application never asks. */
        UNTOUCHED("untouched", "handler, session not used by the app", "/static"),
        /** Diagnostic, not run by default: only immutable values read, so commit has nothing to compare. */
        STRINGS("strings", "handler, session read (strings only), unchanged", "/whoami");

        final String id;
        final String label;
        final String path;

        Config(String id, String label, String path) {
            this.id = id;
            this.label = label;
            this.path = path;
        }
    }

    /** One measured run, with the server's CPU time over it. */
    record Run(Config config, int round, LoadStats load, double eventLoopMicrosPerRequest,
               double processMicrosPerRequest) {}

    private static final int MAX_RUN_SECONDS = 15;
    private static final int MAX_SERVE_SECONDS = 600;

    private int rounds = 3;
    private int durationSeconds = 10;
    private int warmupSeconds = 5;
    private int connections = 32;
    private int threads = 1;
    private String client = "auto";
    private List<Config> configs = List.of(Config.NONE, Config.UNCHANGED, Config.CHANGED);
    private int serveSeconds = -1;

    private HttpLoad() {}

    public static void main(String[] args) throws Exception {
        HttpLoad load = new HttpLoad();
        load.parse(args);
        try (LoadServers servers = LoadServers.start()) {
            if (load.serveSeconds >= 0) {
                load.serve(servers);
            } else {
                load.measure(servers);
            }
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
                case "--serve" -> serveSeconds = positive(name, value, MAX_SERVE_SECONDS);
                default -> throw usage("unknown option " + name);
            }
        }
    }

    private static List<Config> configs(String value) {
        List<Config> list = new ArrayList<>();
        for (String id : value.split(",")) {
            Config c = Arrays.stream(Config.values()).filter(x -> x.id.equals(id.strip())).findFirst()
                    .orElseThrow(() -> usage("unknown configuration " + id));
            if (!list.contains(c)) {
                list.add(c);
            }
        }
        // Every ratio is against none in the same round.
        list.remove(Config.NONE);
        list.add(0, Config.NONE);
        return List.copyOf(list);
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
                + "[--warmup S<=15] [--connections C] [--threads T] [--client auto|wrk|java] "
                + "[--configs none,unchanged,changed,untouched,strings] | --serve S<=600");
    }

    private void serve(LoadServers servers) throws IOException, InterruptedException {
        String cookie = login(servers);
        System.out.println("without handler: " + url(servers.plain(), "/read"));
        System.out.println("with handler:    " + url(servers.withSessions(), "/read") + "  (/write changes the session)");
        System.out.println("cookie:          " + cookie);
        System.out.println("e.g. wrk -t1 -c32 -d10s --latency -H 'Cookie: " + cookie + "' "
                + url(servers.withSessions(), "/read"));
        System.out.println("stopping in " + serveSeconds + " s");
        Thread.sleep(serveSeconds * 1000L);
    }

    private void measure(LoadServers servers) throws Exception {
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
        Duration duration = Duration.ofSeconds(durationSeconds);
        System.out.println("# Crumb HTTP load: Netty HTTP/1.1 with and without CookieSessionHandler");
        System.out.println("JDK:    " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", args " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("CPU:    " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("client: " + (useWrk
                ? wrkVersion + ": " + String.join(" ", Wrk.command(servers.plain(), "/read", "Cookie", threads,
                        connections, duration)).replace("Cookie: Cookie", "Cookie: <session>")
                : "Java NIO client, 1 thread, " + connections + " keep-alive connections, " + durationSeconds + " s"));
        System.out.println("plan:   warm-up " + warmupSeconds + " s per configuration, then " + rounds
                + " rounds of " + String.join(", ", configs.stream().map(c -> c.id).toList())
                + " (" + durationSeconds + " s each)");
        System.out.println("cookie: " + login(servers).length() + " characters in the Cookie header");
        System.out.println();

        for (Config c : configs) {
            Run w = run(servers, c, 0, Duration.ofSeconds(warmupSeconds), useWrk);
            System.out.printf(Locale.ROOT, "warm-up %-9s %,10.0f req/s%n", c.id, w.load().requestsPerSecond());
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Config c : configs) {
                Run r = run(servers, c, round, duration, useWrk);
                runs.add(r);
                System.out.printf(Locale.ROOT,
                        "round %d %-9s %,10.0f req/s  p50 %6.3f ms  p99 %6.3f ms  event loop %5.1f us/req%s%n",
                        round, c.id, r.load().requestsPerSecond(), r.load().p50Millis(), r.load().p99Millis(),
                        r.eventLoopMicrosPerRequest(), useWrk
                                ? String.format(Locale.ROOT, "  process %5.1f us/req", r.processMicrosPerRequest())
                                : "");
            }
        }
        System.out.println();
        System.out.println(summary(runs, rounds, useWrk));
    }

    private Run run(LoadServers servers, Config config, int round, Duration duration, boolean useWrk)
            throws Exception {
        // A fresh cookie for every run, so no run reaches the handler's renewal age.
        String cookie = login(servers);
        InetSocketAddress server = config == Config.NONE ? servers.plain() : servers.withSessions();
        check(server, config, cookie);
        long loopBefore = servers.eventLoopCpuNanos(config != Config.NONE);
        long processBefore = processCpuNanos();
        LoadStats load = useWrk
                ? Wrk.run(server, config.path, cookie, threads, connections, duration)
                : JavaLoadClient.run(server, config.path, cookie, connections, duration);
        long loop = servers.eventLoopCpuNanos(config != Config.NONE) - loopBefore;
        long process = processCpuNanos() - processBefore;
        if (!load.clean()) {
            throw new IllegalStateException(config.id + ": " + load);
        }
        return new Run(config, round, load, loop / 1e3 / load.requests(),
                useWrk ? process / 1e3 / load.requests() : Double.NaN);
    }

    /** The session cookie of a fresh login, as a Cookie header value. */
    static String login(LoadServers servers) throws IOException {
        OneRequest.Reply login = OneRequest.send(servers.withSessions(), "POST", "/login", null);
        if (login.status() != 200 || login.setCookies().size() != 1) {
            throw new IllegalStateException("login failed: " + login);
        }
        return OneRequest.pair(login.setCookies().get(0));
    }

    /** One request before the run: 200, and a Set-Cookie exactly when the session changes. */
    static void check(InetSocketAddress server, Config config, String cookie) throws IOException {
        OneRequest.Reply reply = OneRequest.send(server, "GET", config.path, cookie);
        int expectedCookies = config == Config.CHANGED ? 1 : 0;
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

    /** The table: per configuration the median over rounds, and the handler's cost per round. */
    static String summary(List<Run> runs, int rounds, boolean processCpu) {
        Map<Config, List<Run>> by = new EnumMap<>(Config.class);
        for (Run r : runs) {
            by.computeIfAbsent(r.config(), c -> new ArrayList<>()).add(r);
        }
        StringBuilder s = new StringBuilder();
        s.append("| configuration | req/s, median (min-max) | p99 ms, median (min-max) | p50 ms | event loop CPU us/req")
                .append(processCpu ? " | server process CPU us/req |" : " |").append('\n');
        s.append("|---|---|---|---|---").append(processCpu ? "|---|" : "|").append('\n');
        for (Config c : Config.values()) {
            List<Run> rs = by.getOrDefault(c, List.of());
            if (rs.isEmpty()) {
                continue;
            }
            double[] rps = rs.stream().mapToDouble(r -> r.load().requestsPerSecond()).toArray();
            double[] p99 = rs.stream().mapToDouble(r -> r.load().p99Millis()).toArray();
            s.append(String.format(Locale.ROOT, "| %s | %,.0f (%,.0f-%,.0f) | %.3f (%.3f-%.3f) | %.3f | %.1f",
                    c.label, median(rps), min(rps), max(rps), median(p99), min(p99), max(p99),
                    median(rs.stream().mapToDouble(r -> r.load().p50Millis()).toArray()),
                    median(rs.stream().mapToDouble(Run::eventLoopMicrosPerRequest).toArray())));
            if (processCpu) {
                s.append(String.format(Locale.ROOT, " | %.1f",
                        median(rs.stream().mapToDouble(Run::processMicrosPerRequest).toArray())));
            }
            s.append(" |\n");
        }
        s.append('\n');
        for (Config c : Config.values()) {
            if (c == Config.NONE) {
                continue;
            }
            double[] cost = new double[rounds];
            double[] p99Ratio = new double[rounds];
            int n = 0;
            for (int round = 1; round <= rounds; round++) {
                Run base = find(runs, Config.NONE, round);
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
                    "%s vs none: requests/s cost %.1f%% median (rounds: %s); p99 x%.2f median (rounds: %s)%n",
                    c.id, 100 * median(cost), join(cost, 100, "%.1f%%"), median(p99Ratio), join(p99Ratio, 1, "x%.2f")));
        }
        double[] noneRps = by.getOrDefault(Config.NONE, List.of()).stream()
                .mapToDouble(r -> r.load().requestsPerSecond()).toArray();
        if (noneRps.length > 1) {
            s.append(String.format(Locale.ROOT, "noise: none's requests/s spread (max-min)/median = %.1f%% over %d rounds%n",
                    100 * (max(noneRps) - min(noneRps)) / median(noneRps), noneRps.length));
        }
        return s.toString();
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
