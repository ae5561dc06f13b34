package dev.crumb.netty.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One HTTP/1.1 request on its own connection (Connection: close), for set-up and checks. */
final class OneRequest {

    /** A response: status, its Set-Cookie values, body. */
    record Reply(int status, List<String> setCookies, String body) {}

    private OneRequest() {}

    static Reply send(InetSocketAddress server, String method, String path, String cookie) throws IOException {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getAddress().getHostAddress()).append(':').append(server.getPort()).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: 0\r\n");
        if (cookie != null) {
            request.append("Cookie: ").append(cookie).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            // The first request of a fresh JVM runs cold code (Jackson, the JCA) and on a busy
            // two-core machine takes seconds: wait long enough not to mistake that for a hang.
            socket.connect(server, 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return parse(all.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Reply parse(String raw) throws IOException {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0 || !raw.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        List<String> setCookies = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("set-cookie")) {
                setCookies.add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Reply(status, List.copyOf(setCookies), raw.substring(end + 4));
    }

    /** The {@code name=value} pair a browser sends back for a Set-Cookie value. */
    static String pair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }
}
