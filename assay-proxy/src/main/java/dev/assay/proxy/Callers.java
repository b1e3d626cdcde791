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
import java.util.LinkedHashMap;
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
 * <p>The accept path only tags the channel and queues the lookup; one background thread resolves queued
 * connections in batches, so the event loops never touch {@code /proc} or netlink.
 * Another keeps the processes of the declared services ({@link #scan}: at start, when a proxy is created or
 * changed, and every {@value #RESCAN_SECONDS} s), so a lookup reads only the services' fds. A service that
 * started since the last scan is not named yet: its calls are unknown until the next one. HTTP-mode
 * connections are read only once their caller is known ({@link #readWhenKnown}): a short-lived client cannot
 * close its socket before it is looked up, and every request is booked under its caller. TCP-mode ones start at
 * once, so a TCP client that closes within the lookup time is booked as unknown.
 */
final class Callers implements AutoCloseable {
    static final String UNKNOWN = "unknown";
    static final AttributeKey<Tag> KEY = AttributeKey.valueOf("assay.caller");
    private static final System.Logger LOG = System.getLogger(Callers.class.getName());
    private static final long RESCAN_SECONDS = 10;
    private static final long UNOWNED_RETRY_SECONDS = 30;

    /** The callee a proxy fronts and the (eventual) caller of one client connection. */
    record Tag(String callee, CompletableFuture<String> caller) {
    }

    private record Pending(InetSocketAddress peer, InetSocketAddress self, CompletableFuture<String> caller) {
    }

    private final SocketOwners owners;
    /** Empty where netlink is unavailable: then the TCP table is read instead. */
    private final Optional<SockDiag> diag;
    private boolean diagFailureLogged;
    private final Map<String, String> services;
    private final Map<InetAddress, String> sources;
    private final Supplier<List<ProxySpec>> proxies;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<InetAddress, Boolean> local = new HashMap<>();
    /** Declared listening sockets a complete scan found no owner for, and when (scanner thread only). */
    private final Map<Long, Long> unowned = new HashMap<>();
    private volatile Map<Long, List<Long>> listeningOwners = Map.of();
    /**
     * The declared services' processes as of the last scan: process id -> the services it listens for, and the user
     * ids those processes ran as (empty when some could not be read: then every lookup reads the fds).
     */
    private record ServiceProcesses(Map<Long, Set<String>> byPid, Optional<Set<Integer>> uids) {
    }

    private volatile ServiceProcesses serviceProcesses = new ServiceProcesses(Map.of(), Optional.of(Set.of()));
    /** Every user id each service process was seen running as, while it lives (scanner thread only). */
    private final Map<Long, Set<Integer>> uidsSeen = new HashMap<>();
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
        this.proxies = proxies;
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

    /** At accept: tags {@code ch} with its callee and a caller that resolves off the event loop. */
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
            queue.offer(new Pending(peer, self, t.caller()));
        } else {
            t.caller().complete(UNKNOWN);
        }
        return t;
    }

    /** The tag of a client channel; untagged channels (none in practice) have an unknown caller. */
    static Tag of(Channel ch) {
        Tag t = ch.attr(KEY).get();
        return t != null ? t : new Tag("", CompletableFuture.completedFuture(UNKNOWN));
    }

    /**
     * Starts reading {@code ch} once its caller is known (on its event loop). Until then the client's bytes wait
     * in the kernel and the client waits for its answer, so its socket is still there to be looked up.
     */
    static void readWhenKnown(Channel ch) {
        of(ch).caller().whenComplete((c, e) -> ch.eventLoop().execute(() -> {
            if (ch.isOpen()) ch.config().setAutoRead(true);
        }));
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
        diag.ifPresent(SockDiag::close);
    }

    /** Queues the lookup of the client whose connection's ends are {@code peer} (the client) and {@code self}. */
    CompletableFuture<String> lookUp(InetSocketAddress peer, InetSocketAddress self) {
        CompletableFuture<String> caller = new CompletableFuture<>();
        queue.offer(new Pending(peer, self, caller));
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
                scan();
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
        ServiceProcesses known = serviceProcesses;
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
            SockDiag.Answer answer = diag.isPresent() ? diag.get().inode(client.local(), client.remote()) : new SockDiag.Failed("");
            // A socket belongs to the user its creator ran as: one no service process ran as is no service's, and
            // costs no read of their fds (a load generator or another user's client under connection churn).
            if (answer instanceof SockDiag.Inode found && known.uids().isPresent() && !known.uids().get().contains(found.uid())) continue;
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

    /**
     * Finds the processes that listen on declared addresses: reads both TCP tables, keeps the owners already
     * known of sockets still declared, and looks for the new ones in this process and its descendants first,
     * then the newest processes, stopping once each has an owner (then checking the owner's parent and
     * siblings, for pre-forked servers). A socket nobody visible holds is looked for again only after
     * {@value #UNOWNED_RETRY_SECONDS} s.
     */
    void scan() {
        if (!owners.available()) return;
        Map<Long, InetSocketAddress> listening = diag.flatMap(SockDiag::listening).orElseGet(() -> owners.table(true, true).listening());
        Map<InetSocketAddress, String> declared = declaredAddresses();
        Map<Long, String> declaredListening = new HashMap<>();
        listening.forEach((inode, listen) -> {
            String name = serviceAt(listen, declared);
            if (name != null) declaredListening.put(inode, name);
        });
        Map<Long, List<Long>> found = new HashMap<>();
        listeningOwners.forEach((inode, pids) -> {
            List<Long> alive = pids.stream().filter(pid -> ProcessHandle.of(pid).isPresent()).toList();
            if (declaredListening.containsKey(inode) && !alive.isEmpty()) found.put(inode, alive);
        });
        long now = System.nanoTime();
        Set<Long> wanted = new java.util.HashSet<>();
        for (Long inode : declaredListening.keySet()) {
            Long gaveUp = unowned.get(inode);
            if (!found.containsKey(inode) && (gaveUp == null || now - gaveUp > TimeUnit.SECONDS.toNanos(UNOWNED_RETRY_SECONDS))) wanted.add(inode);
        }
        if (!wanted.isEmpty()) {
            List<Long> order = new ArrayList<>();
            order.add(ProcessHandle.current().pid());
            ProcessHandle.current().descendants().forEach(h -> order.add(h.pid()));
            List<Long> rest = new ArrayList<>(owners.pids());
            rest.sort(java.util.Comparator.reverseOrder());
            order.addAll(rest);
            Set<Long> left = new java.util.HashSet<>(wanted);
            Set<Long> seen = new java.util.HashSet<>();
            for (long pid : order) {
                if (left.isEmpty()) break;
                if (!seen.add(pid)) continue;
                for (long inode : owners.sockets(pid)) {
                    if (wanted.contains(inode)) {
                        found.computeIfAbsent(inode, k -> new ArrayList<>()).add(pid);
                        left.remove(inode);
                    }
                }
            }
            // Pre-forked servers share the listening socket among a parent and its children: look at the family too.
            for (long inode : wanted) {
                for (long pid : List.copyOf(found.getOrDefault(inode, List.of()))) {
                    ProcessHandle.of(pid).flatMap(ProcessHandle::parent).ifPresent(parent -> {
                        List<Long> family = new ArrayList<>(List.of(parent.pid()));
                        parent.children().forEach(c -> family.add(c.pid()));
                        for (long f : family) {
                            if (seen.add(f) && owners.sockets(f).contains(inode)) found.get(inode).add(f);
                        }
                    });
                }
            }
            left.forEach(inode -> unowned.put(inode, now));
        }
        unowned.keySet().retainAll(declaredListening.keySet());
        listeningOwners = Map.copyOf(found);
        Map<Long, Set<String>> byPid = new HashMap<>();
        found.forEach((inode, pids) -> pids.forEach(pid -> byPid.computeIfAbsent(pid, k -> new TreeSet<>()).add(declaredListening.get(inode))));
        uidsSeen.keySet().retainAll(byPid.keySet());
        boolean allRead = true;
        Set<Integer> uids = new java.util.HashSet<>();
        for (long pid : byPid.keySet()) {
            Optional<Set<Integer>> current = owners.uids(pid);
            if (current.isEmpty()) allRead = false;
            Set<Integer> seen = uidsSeen.computeIfAbsent(pid, k -> new java.util.HashSet<>());
            current.ifPresent(seen::addAll);
            uids.addAll(seen);
        }
        serviceProcesses = new ServiceProcesses(Map.copyOf(byPid), allRead ? Optional.of(Set.copyOf(uids)) : Optional.empty());
    }

    /** The declared service at a listening address (a wildcard listener matches any declared host), or null. */
    private static String serviceAt(InetSocketAddress listen, Map<InetSocketAddress, String> declared) {
        for (Map.Entry<InetSocketAddress, String> d : declared.entrySet()) {
            boolean sameHost = listen.getAddress().isAnyLocalAddress() || listen.getAddress().equals(d.getKey().getAddress());
            if (d.getKey().getPort() == listen.getPort() && sameHost) return d.getValue();
        }
        return null;
    }

    private Map<InetSocketAddress, String> declaredAddresses() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (ProxySpec p : proxies.get()) byName.put(p.name(), p.upstream());
        byName.putAll(services);
        Map<InetSocketAddress, String> out = new HashMap<>();
        byName.forEach((name, hostPort) -> {
            try {
                InetSocketAddress a = Addresses.resolve(hostPort, "service address");
                out.put(new InetSocketAddress(SocketOwners.normal(a.getAddress()), a.getPort()), name);
            } catch (FaultProxyException e) {
                // a name that does not resolve names no caller
            }
        });
        return out;
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
