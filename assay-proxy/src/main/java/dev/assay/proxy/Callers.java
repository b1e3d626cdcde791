package dev.assay.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Names the service that opened each client connection, once per connection. A peer address declared as a
 * service's source address names that service. A peer on this host is looked up by its socket: the socket's
 * inode, its owner process, then that process's listening sockets; the service whose declared address (the
 * proxies' upstreams, plus {@link FaultProxy.Builder#service}) one of them is, is the caller. Anything else is
 * {@value #UNKNOWN}: never a guess.
 *
 * <p>The inode comes from the kernel's sock_diag netlink interface ({@link SockDiag}): one lookup of the exact
 * connection, whatever the number of sockets on the host. Where netlink is unavailable (logged once) it comes from
 * one read of {@code /proc/net/tcp{,6}} per batch, which walks every socket on the host (TIME_WAIT included) and
 * costs milliseconds to tens of milliseconds under connection churn.
 *
 * <p>The accept path ({@link #tag}) settles what needs no {@code /proc}: a remote peer, no service process here, or,
 * from one netlink request on the event loop's own socket, a client socket already gone or created by a user no
 * service process runs as ({@code idiag_uid}). Only a client that may be a service's is queued; one background
 * thread resolves queued connections in batches by reading the services' fds, so the event loops never touch
 * {@code /proc}. Another ({@link ServiceScan}: at start, when a proxy is created or changed, and every
 * {@value #RESCAN_SECONDS} s) keeps the processes of the declared services and their users, so a lookup reads only
 * the services' fds. A service that
 * started since the last scan is not named yet: its calls are unknown until the next one. HTTP-mode
 * connections are read and forwarded at once, but what goes back to the client waits until its caller is known
 * ({@link ResponseGate}): a short-lived client waiting for its answer cannot close its socket before it is looked
 * up, and every request is booked under its caller. TCP-mode ones relay both ways at once, so a TCP client that
 * closes within the lookup time is booked as unknown.
 */
final class Callers implements AutoCloseable {
    static final String UNKNOWN = "unknown";
    static final AttributeKey<Tag> KEY = AttributeKey.valueOf("assay.caller");
    private static final System.Logger LOG = System.getLogger(Callers.class.getName());
    private static final long RESCAN_SECONDS = 10;
    /** How long the lookup thread waits for more connections before reading the services' fds for a batch. */
    static final long BATCH_LINGER_MICROS = 300;

    /** The callee a proxy fronts and the (eventual) caller of one client connection. */
    record Tag(String callee, CompletableFuture<String> caller) {
    }

    /** A connection to name; {@code inode} is the client socket's when the event loop already asked the kernel (else -1). */
    private record Pending(InetSocketAddress peer, InetSocketAddress self, CompletableFuture<String> caller, long inode) {
    }

    private final SocketOwners owners;
    /** Empty where netlink is unavailable: then the TCP table is read instead. */
    private final Optional<SockDiag> diag;
    private boolean diagFailureLogged;
    private final Map<String, String> services;
    private final Map<InetAddress, String> sources;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<InetAddress, Boolean> local = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each event loop's own netlink socket (opened on first use, closed with this), for {@link #tag}'s first look. */
    private final ThreadLocal<Optional<SockDiag>> loopDiag = ThreadLocal.withInitial(this::openLoopDiag);
    private final java.util.Queue<SockDiag> loopDiags = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private final ServiceScan scan;
    private volatile ServiceScan.Processes serviceProcesses = ServiceScan.Processes.NONE;
    private final LinkedBlockingQueue<Boolean> rescans = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong rescansAsked = new java.util.concurrent.atomic.AtomicLong();
    /** The number of rescans asked for before the last finished scan started. */
    private final java.util.concurrent.atomic.AtomicLong scansDone = new java.util.concurrent.atomic.AtomicLong();
    private final Thread worker;
    private final Thread scanner;

    private Callers(SocketOwners owners, Optional<SockDiag> diag, Map<String, String> services, Map<String, String> sources,
                    Supplier<List<ProxySpec>> proxies) {
        this.owners = owners;
        this.diag = diag;
        this.services = Map.copyOf(services);
        Map<InetAddress, String> s = new HashMap<>();
        sources.forEach((ip, name) -> s.put(SocketOwners.normal(Addresses.resolve(ip + ":0", "caller source address").getAddress()), name));
        this.sources = Map.copyOf(s);
        this.scan = new ServiceScan(owners, diag, services, proxies);
        this.worker = Thread.ofPlatform().daemon().name("assay-proxy-callers").start(this::run);
        this.scanner = Thread.ofPlatform().daemon().name("assay-proxy-caller-scan").start(this::scanLoop);
        rescan();
    }

    /**
     * @param services declared service addresses ({@code name -> host:port}), on top of every proxy's upstream
     *                 (named after its proxy)
     * @param sources  declared source addresses of remote callers ({@code ip -> name})
     */
    static Callers start(Map<String, String> services, Map<String, String> sources, Supplier<List<ProxySpec>> proxies, Path proc) {
        return start(services, sources, proxies, proc, true);
    }

    /** As {@link #start(Map, Map, Supplier, Path)}; {@code netlink} false reads the TCP table only (the fallback). */
    static Callers start(Map<String, String> services, Map<String, String> sources, Supplier<List<ProxySpec>> proxies, Path proc,
                         boolean netlink) {
        Optional<SockDiag> diag = netlink ? SockDiag.open() : Optional.empty();
        if (netlink && diag.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "caller lookup: the kernel's sock_diag netlink interface is unavailable here; reading "
                    + proc.resolve("net/tcp") + " instead (slower when the host has many sockets)");
        }
        return new Callers(SocketOwners.of(proc), diag, services, sources, proxies);
    }

    /**
     * At accept (on the event loop): tags {@code ch} with its callee and its caller. What needs no {@code /proc}
     * is decided here: a declared source address; a remote peer, or no service process running here (unknown); and,
     * through this loop's netlink socket (one request for the exact connection), a client socket already closed or
     * created by a user no service process runs as (unknown). Only a client that may be a service's is queued for
     * the background thread, which reads the services' fds.
     */
    Tag tag(Channel ch, ProxySpec spec) {
        Tag t = new Tag(callee(spec), new CompletableFuture<>());
        ch.attr(KEY).set(t);
        InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
        if (peer == null || peer.getAddress() == null) {
            t.caller().complete(UNKNOWN);
            return t;
        }
        String declared = sources.get(SocketOwners.normal(peer.getAddress()));
        if (declared != null) t.caller().complete(declared);
        else if (ch.localAddress() instanceof InetSocketAddress self && self.getAddress() != null) {
            long inode = firstLook(peer, self);
            if (inode == 0) t.caller().complete(UNKNOWN);
            else queue.offer(new Pending(peer, self, t.caller(), inode));
        } else {
            t.caller().complete(UNKNOWN);
        }
        return t;
    }

    /** The client socket's inode, 0 when its caller is surely unknown, -1 when only the background lookup can tell. */
    private long firstLook(InetSocketAddress peer, InetSocketAddress self) {
        ServiceScan.Processes known = serviceProcesses;
        if (known.byPid().isEmpty()) return 0; // no declared service runs here (or /proc is unreadable): nobody to name
        InetAddress ip = SocketOwners.normal(peer.getAddress());
        if (!isLocal(ip)) return 0;
        Optional<SockDiag> d = diag.isPresent() && !closed ? loopDiag.get() : Optional.empty();
        if (d.isEmpty()) return -1;
        return switch (d.get().inode(new InetSocketAddress(ip, peer.getPort()),
                new InetSocketAddress(SocketOwners.normal(self.getAddress()), self.getPort()))) {
            case SockDiag.Inode found -> known.ruledOut(found.uid()) ? 0 : found.value();
            case SockDiag.Absent absent -> 0; // closed before we looked: nobody to name
            case SockDiag.Failed failed -> -1;
        };
    }

    private Optional<SockDiag> openLoopDiag() {
        Optional<SockDiag> d = SockDiag.open();
        d.ifPresent(loopDiags::add);
        if (closed) loopDiags.forEach(SockDiag::close); // closed meanwhile: close what was just added as well
        return d;
    }

    /** The tag of a client channel; untagged channels (none in practice) have an unknown caller. */
    static Tag of(Channel ch) {
        Tag t = ch.attr(KEY).get();
        return t != null ? t : new Tag("", CompletableFuture.completedFuture(UNKNOWN));
    }

    /** The service a proxy fronts: a declared service at its upstream address, else the proxy's name. */
    String callee(ProxySpec spec) {
        for (Map.Entry<String, String> s : services.entrySet()) {
            if (s.getValue().equals(spec.upstream())) return s.getKey();
        }
        return spec.name();
    }

    @Override
    public void close() {
        worker.interrupt();
        scanner.interrupt();
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.caller().complete(UNKNOWN));
        try {
            worker.join(10_000);
            scanner.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        diag.ifPresent(SockDiag::close);
        loopDiags.forEach(SockDiag::close);
    }

    /** Queues the lookup of the client whose connection's ends are {@code peer} (the client) and {@code self}. */
    CompletableFuture<String> lookUp(InetSocketAddress peer, InetSocketAddress self) {
        CompletableFuture<String> caller = new CompletableFuture<>();
        queue.offer(new Pending(peer, self, caller, -1));
        return caller;
    }

    /** Asks for a rescan of the services' processes now (a proxy was created or changed), without waiting for it. */
    void rescan() {
        rescansAsked.incrementAndGet();
        rescans.offer(Boolean.TRUE);
    }

    /** Waits (up to {@code timeout}) until a rescan asked for after this call has finished: for tests and start-up. */
    boolean awaitRescan(java.time.Duration timeout) throws InterruptedException {
        long target = rescansAsked.get() + 1; // a scan that starts after this one is asked for
        rescan();
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (scansDone) {
            while (scansDone.get() < target) {
                long left = until - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(scansDone, left);
            }
        }
        return true;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
                // Linger a little for more: one read of the services' fds then serves every connection of the
                // batch (new-connection churn from a client of the services' own user). Nothing waits on it but
                // an HTTP response held for its caller, and the upstream takes longer than this to answer.
                Pending more = queue.poll(BATCH_LINGER_MICROS, TimeUnit.MICROSECONDS);
                if (more != null) batch.add(more);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            try {
                resolve(batch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "caller lookup failed; " + batch.size() + " connection(s) booked as unknown caller", e);
            }
            batch.forEach(p -> p.caller().complete(UNKNOWN));
            batch.clear();
        }
    }

    private void scanLoop() {
        long asked = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                rescans.poll(RESCAN_SECONDS, TimeUnit.SECONDS);
                rescans.clear();
                asked = rescansAsked.get();
            } catch (InterruptedException e) {
                return;
            }
            try {
                serviceProcesses = scan.scan();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "caller lookup: scan of the services' processes failed; retrying", e);
            }
            synchronized (scansDone) {
                scansDone.set(asked);
                scansDone.notifyAll();
            }
        }
    }

    /**
     * Names the caller of each pending connection: finds the client's socket (netlink, else the TCP table of the
     * peer's address family), then looks for it only among the processes of declared services (found by
     * {@link #scan}), so a lookup costs the fds of the services, not of the host, and is done before a
     * short-lived client could close its socket (the connection is not read until then).
     */
    void resolve(List<Pending> batch) {
        ServiceScan.Processes known = serviceProcesses;
        Map<Long, Set<String>> services = known.byPid();
        if (services.isEmpty()) return; // no declared service runs here (or /proc is unreadable): nobody to name
        Map<Long, Set<Long>> socketsOf = new HashMap<>();
        SocketOwners.Table v4Table = null;
        SocketOwners.Table v6Table = null;
        for (Pending p : batch) {
            if (p.caller().isDone()) continue;
            InetAddress ip = SocketOwners.normal(p.peer().getAddress());
            if (!isLocal(ip)) continue; // remote and not declared: unknown
            // the client's socket: local = the peer's address, remote = this proxy's own end of the connection
            SocketOwners.Connection client = new SocketOwners.Connection(new InetSocketAddress(ip, p.peer().getPort()),
                    new InetSocketAddress(SocketOwners.normal(p.self().getAddress()), p.self().getPort()));
            SockDiag.Answer answer = p.inode() > 0 ? new SockDiag.Inode(p.inode(), -1)
                    : diag.isPresent() ? diag.get().inode(client.local(), client.remote()) : new SockDiag.Failed("");
            // A socket belongs to the user its creator ran as: one no service process ran as is no service's, and
            // costs no read of their fds (a load generator or another user's client under connection churn).
            if (p.inode() <= 0 && answer instanceof SockDiag.Inode found && known.ruledOut(found.uid())) continue;
            Long inode = switch (answer) {
                case SockDiag.Inode found -> found.value();
                case SockDiag.Absent absent -> null;
                case SockDiag.Failed failed -> {
                    if (diag.isPresent() && !diagFailureLogged) {
                        diagFailureLogged = true;
                        LOG.log(System.Logger.Level.INFO, "caller lookup: netlink sock_diag failed (" + failed.reason()
                                + "); reading the TCP table for such lookups");
                    }
                    // A dual-stack (IPv6) socket with IPv4 addresses is in tcp6: look there when tcp has no such connection.
                    boolean v6 = client.local().getAddress() instanceof java.net.Inet6Address;
                    if (!v6 && v4Table == null) v4Table = owners.table(true, false);
                    Long inV4 = v6 ? null : v4Table.byConnection().get(client);
                    if (inV4 != null) yield inV4;
                    if (v6Table == null) v6Table = owners.table(false, true);
                    yield v6Table.byConnection().get(client);
                }
            };
            if (inode == null) continue; // closed before we looked: nobody to name
            Set<String> names = new TreeSet<>();
            long found = inode;
            services.forEach((pid, named) -> {
                if (socketsOf.computeIfAbsent(pid, owners::sockets).contains(found)) names.addAll(named);
            });
            if (names.size() > 1) {
                LOG.log(System.Logger.Level.WARNING, "one process listens on the addresses of several services " + names
                        + "; its calls are booked as unknown caller");
            }
            if (names.size() == 1) p.caller().complete(names.iterator().next());
        }
    }

    private boolean isLocal(InetAddress ip) {
        return local.computeIfAbsent(ip, a -> {
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) return true;
            try {
                return NetworkInterface.getByInetAddress(a) != null;
            } catch (SocketException e) {
                return false;
            }
        });
    }
}
