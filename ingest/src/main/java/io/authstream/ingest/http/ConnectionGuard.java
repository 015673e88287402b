package io.authstream.ingest.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Against slow-loris, before any authentication: a connection must finish its TLS handshake and send
 * a complete request head within {@code ingest.http.header-timeout} of opening (or of its previous
 * answer, on a kept-alive connection), else it is closed; and one peer address holds at most
 * {@code ingest.http.max-connections-per-address} connections, further ones being closed as they
 * open. Jetty's idle timeout alone does neither: one byte now and then keeps a connection alive.
 *
 * <p>Register it with {@code connector.addEventListener(guard)} (it sees every network connection
 * open and close) and put {@link #wrap} in front of the handlers (it sees every request head
 * complete, and every answer finish).
 */
public final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final long headerTimeoutNanos;
    private final int maxPerAddress;
    private final LongSupplier nanoTime;
    private final Map<EndPoint, Tracked> open = new ConcurrentHashMap<>();
    /** The same connections by peer socket address, which is what a request knows of its connection. */
    private final Map<SocketAddress, Tracked> byRemote = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong closedSlow = new AtomicLong();
    private final AtomicLong closedOverCap = new AtomicLong();
    private ScheduledExecutorService sweeper;

    /** One network connection: how many requests it is in, and since when it is waiting for a head. */
    private static final class Tracked {
        final EndPoint endPoint;
        final InetSocketAddress remote;
        final InetAddress address;
        final AtomicInteger inRequest = new AtomicInteger();
        volatile long waitingSince;

        Tracked(EndPoint endPoint, InetSocketAddress remote, long now) {
            this.endPoint = endPoint;
            this.remote = remote;
            this.address = remote.getAddress();
            this.waitingSince = now;
        }
    }

    /**
     * @param maxPerAddress 0 for no per-address limit
     * @param nanoTime      a monotonic clock ({@link System#nanoTime()}; tests move their own)
     */
    public ConnectionGuard(Duration headerTimeout, int maxPerAddress, LongSupplier nanoTime) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.maxPerAddress = maxPerAddress;
        this.nanoTime = nanoTime;
    }

    @Override
    protected void doStart() {
        long every = Math.max(50, Math.min(1000, headerTimeoutNanos / 4_000_000));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-connection-guard");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint ep = connection.getEndPoint();
        // Only the network level: under TLS the HTTP connection sits on a decrypting end point of the same socket.
        if (!(ep instanceof SocketChannelEndPoint) || !(ep.getRemoteSocketAddress() instanceof InetSocketAddress remote)) {
            return;
        }
        Tracked t = new Tracked(ep, remote, nanoTime.getAsLong());
        open.put(ep, t);
        byRemote.put(remote, t);
        int n = perAddress.computeIfAbsent(t.address, a -> new AtomicInteger()).incrementAndGet();
        if (maxPerAddress > 0 && n > maxPerAddress) {
            closedOverCap.incrementAndGet();
            LOG.debug("Closing a connection from {}: it holds {} already (ingest.http.max-connections-per-address)",
                    t.address.getHostAddress(), maxPerAddress);
            ep.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        // By end point: once closed, it may no longer know its peer's address.
        Tracked t = open.remove(connection.getEndPoint());
        if (t != null) {
            byRemote.remove(t.remote, t);
            perAddress.computeIfPresent(t.address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Closes every connection that has waited longer than the header timeout for a complete request head. */
    void sweep() {
        long now = nanoTime.getAsLong();
        for (Tracked t : open.values()) {
            if (t.inRequest.get() == 0 && now - t.waitingSince > headerTimeoutNanos && t.endPoint.isOpen()) {
                closedSlow.incrementAndGet();
                LOG.debug("Closing a connection from {}: no complete request head within the header timeout",
                        t.address.getHostAddress());
                t.endPoint.close();
            }
        }
    }

    /** Puts the guard in front of {@code next}: a request reaching it has a complete head. */
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Tracked t = byRemote.get(request.getConnectionMetaData().getRemoteSocketAddress());
                if (t != null) {
                    t.inRequest.incrementAndGet();
                    Request.addCompletionListener(request, failure -> {
                        t.waitingSince = nanoTime.getAsLong();
                        t.inRequest.decrementAndGet();
                    });
                }
                return super.handle(request, response, callback);
            }
        };
    }

    /** Connections closed for being slow to send a request head, since start. */
    public long closedSlow() {
        return closedSlow.get();
    }

    /** Connections closed for going over the per-address cap, since start. */
    public long closedOverCap() {
        return closedOverCap.get();
    }

    /** Network connections open now. */
    public int open() {
        return open.size();
    }
}
