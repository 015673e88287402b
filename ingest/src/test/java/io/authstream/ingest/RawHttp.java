package io.authstream.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client on a raw socket, for requests a proper client refuses to send
 * (no Content-Type, lying lengths, bodies dripped byte by byte). The body is written on its own
 * thread so that a server answering early (413, 401) never deadlocks the test.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** Writes the body (or whatever it wants) after the head. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static BodyWriter bytes(byte[] body) {
        return out -> out.write(body);
    }

    /** Sends {@code head} (request line and headers, without the blank line) and the body; reads the answer. */
    static Response exchange(int port, String head, BodyWriter body, Duration timeout) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    // The server answered and closed early; the answer is what the test checks.
                }
            });
            try {
                return read(socket.getInputStream());
            } finally {
                writer.interrupt();
            }
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headerEnd = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = -1;
        int n;
        while ((n = in.read(buf)) > 0) {
            all.write(buf, 0, n);
            byte[] sofar = all.toByteArray();
            if (headerEnd < 0) {
                headerEnd = indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (headerEnd >= 0) {
                    String[] lines = new String(sofar, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                    }
                }
            }
            if (headerEnd >= 0 && headers.containsKey("content-length")
                    && sofar.length >= headerEnd + 4 + Integer.parseInt(headers.get("content-length"))) {
                break;
            }
        }
        if (status < 0) {
            return new Response(-1, Map.of(), "");
        }
        byte[] sofar = all.toByteArray();
        String body = new String(sofar, headerEnd + 4, sofar.length - headerEnd - 4, StandardCharsets.UTF_8);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(s.substring(i, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(s, eol + 2, Math.min(s.length(), eol + 2 + size));
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
