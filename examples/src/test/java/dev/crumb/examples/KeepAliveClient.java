package dev.crumb.examples;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends every request on one connection, as browsers and curl do. It
 * reads a response body only by its Content-Length or chunked framing: a response with neither,
 * on a connection the server keeps open, is where a real client hangs, and here it fails.
 * Cookies are kept by hand (name=value from Set-Cookie, sent back as one Cookie header).
 */
final class KeepAliveClient implements Closeable {

    /** One response. Header names are lower case; a repeated header keeps every value. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private int requests;

    KeepAliveClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** GETs {@code path} on this client's one connection, sending and keeping cookies. */
    Response get(String path) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (!cookies.isEmpty()) {
            request.append("Cookie: ");
            cookies.forEach((name, value) -> request.append(name).append('=').append(value).append("; "));
            request.setLength(request.length() - 2);
            request.append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        requests++;
        Response response = read();
        for (String setCookie : response.headers().getOrDefault("set-cookie", List.of())) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1);
            if (value.isEmpty()) {
                cookies.remove(pair.substring(0, eq));
            } else {
                cookies.put(pair.substring(0, eq), value);
            }
        }
        if ("close".equalsIgnoreCase(response.header("connection"))) {
            throw new AssertionError("the server closed the connection after request " + requests
                    + "; a keep-alive client needs it open");
        }
        return response;
    }

    private Response read() throws IOException {
        String status = line();
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
            throw new AssertionError("request " + requests + " on this connection got no HTTP/1.1 response: " + status);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length.get(0))));
        } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else {
            throw new AssertionError("response " + requests + " (" + status + ") has neither Content-Length nor "
                    + "chunked encoding on a kept-alive connection: curl or a browser would wait for it forever");
        }
        return new Response(Integer.parseInt(status.substring(9, 12)), headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete response line within 5 s on request " + requests, e);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
