package dev.crumb.netty.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian's package) as a child process and reads its report. */
final class Wrk {

    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m|h)");
    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {}

    /** The first line of {@code wrk --version}, or null when wrk is not on the PATH. */
    static String version() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("");
            int copyright = first.indexOf(" Copyright");
            first = copyright < 0 ? first : first.substring(0, copyright);
            return first.startsWith("wrk ") ? first.strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A wrk script that makes each connection wait {@code millis} after every response before it
     * sends its next request (wrk's {@code delay()} hook): a load offered at a fixed pace, about
     * {@code connections / millis} requests a millisecond, rather than as fast as the server
     * answers. The file is deleted when the JVM exits.
     */
    static Path paceScript(int millis) throws IOException {
        Path script = Files.createTempFile("crumb-wrk-pace-", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(script, "function delay()\n  return " + millis + "\nend\n", StandardCharsets.US_ASCII);
        return script;
    }

    /**
     * {@code wrk -t<threads> -c<connections> -d<duration> --latency [-s script] [-H Cookie: ...] URL};
     * {@code script} may be null.
     */
    static List<String> command(InetSocketAddress server, String path, String cookie, int threads,
            int connections, Duration duration, Path script) {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency"));
        if (script != null) {
            cmd.add("-s");
            cmd.add(script.toString());
        }
        if (cookie != null) {
            cmd.add("-H");
            cmd.add("Cookie: " + cookie);
        }
        cmd.add("http://" + server.getAddress().getHostAddress() + ":" + server.getPort() + path);
        return cmd;
    }

    static LoadStats run(InetSocketAddress server, String path, String cookie, int threads, int connections,
            Duration duration, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(server, path, cookie, threads, connections, duration, script))
                .redirectErrorStream(true).start();
        // wrk ends by itself after the duration; this bound only guards against a hung child.
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(duration.toSeconds() + 10, TimeUnit.SECONDS)) {
                throw new IOException("wrk did not finish");
            }
        } finally {
            p.destroyForcibly();
        }
        String report = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("wrk failed (" + p.exitValue() + "): " + report);
        }
        return parse(report);
    }

    /** Reads wrk's report (with {@code --latency}). */
    static LoadStats parse(String report) throws IOException {
        Matcher requests = find(REQUESTS, report);
        Matcher rate = find(RATE, report);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(report);
        while (m.find()) {
            double millis = millis(m.group(2), m.group(3));
            if (m.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        if (Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new IOException("no latency distribution in wrk's report (run it with --latency): " + report);
        }
        long non2xx = 0;
        Matcher n = NON_2XX.matcher(report);
        if (n.find()) {
            non2xx = Long.parseLong(n.group(1));
        }
        long errors = 0;
        Matcher e = SOCKET_ERRORS.matcher(report);
        if (e.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(e.group(i));
            }
        }
        return new LoadStats(Long.parseLong(requests.group(1)), millis(requests.group(2), requests.group(3)) / 1e3,
                Double.parseDouble(rate.group(1)), p50, p99, non2xx, errors);
    }

    private static Matcher find(Pattern pattern, String report) throws IOException {
        Matcher m = pattern.matcher(report);
        if (!m.find()) {
            throw new IOException("unexpected wrk report (no " + pattern + "): " + report);
        }
        return m;
    }

    private static double millis(String number, String unit) {
        double v = Double.parseDouble(number);
        return switch (unit) {
            case "us" -> v / 1e3;
            case "ms" -> v;
            case "s" -> v * 1e3;
            case "m" -> v * 60e3;
            default -> v * 3600e3;
        };
    }
}
