package io.authstream.ingest.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, in the manner of wrk: it writes a
 * prepared request and reads just the status and the Content-Length'd answer. The generator shares
 * two cores with the receiver and the broker, so it must cost little (Java's HttpClient cost about
 * half as much CPU per event as the receiver itself). Not thread-safe: one per client thread.
 */
final class LoadConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private final byte[] headPrefix;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    LoadConnection(String host, int port, String path, String token) {
        this.host = host;
        this.port = port;
        this.headPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + token
                + "\r\nUser-Agent: authstream-bench\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts {@code body} and returns the status (-1 when the connection failed). */
    int post(byte[] body, boolean array) {
        try {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            }
            out.write(headPrefix);
            out.write(((array ? "Content-Type: application/json" : "Content-Type: application/x-ndjson")
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            return -1;
        }
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        boolean close = false;
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Connection") && h.substring(colon + 1).trim().equalsIgnoreCase("close")) {
                close = true;
            }
        }
        for (long skipped = 0; skipped < length; ) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in the response body");
                }
                n = 1;
            }
            skipped += n;
        }
        if (close) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
