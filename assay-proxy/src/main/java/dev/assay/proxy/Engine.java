package dev.assay.proxy;

import dev.assay.spi.Lease;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link FaultProxy} implementation: Netty event loops for every proxy and the admin API. */
final class Engine implements FaultProxy {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final Clock clock;
    private final EventLoopGroup boss = Transport.group(1);
    private final EventLoopGroup workers;
    /** The admin API's own loop: it answers while every data-path loop is busy or every proxy is at its cap. */
    private final EventLoopGroup adminLoop = Transport.group(1);
    private final ConnectionLimits limits;
    private final Duration maxTtl;
    private final ProcessBudget budget;
    private final Map<String, ListeningProxy> proxies = new LinkedHashMap<>();
    private final Map<String, ProxyMetrics> metrics = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Leases leases;
    private final UpstreamPolicy upstreams;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-proxy-lease-sweeper");
        t.setDaemon(true);
        return t;
    });
    private final Callers callers;
    private final CounterHistory history;
    private HistorySampler sampler;
    private AdminServer admin;
    private volatile boolean closed;

    private Engine(FaultProxy.Builder b) {
        this.clock = b.clock;
        this.workers = Transport.group(b.workerThreads);
        this.leases = new Leases(b.clock);
        this.upstreams = UpstreamPolicy.of(b.allowedUpstreams, b.services);
        this.limits = b.limits;
        this.maxTtl = b.maxTtl;
        this.budget = b.processConnections.isPresent() ? ProcessBudget.of(b.processConnections.getAsInt()) : ProcessBudget.fromDescriptorLimit();
        this.history = CounterHistory.open(b.historyFile, b.clock);
        this.callers = Callers.start(b.declaredServices, b.callerSources, this::proxySpecs, java.nio.file.Path.of("/proc"));
    }

    static Engine start(FaultProxy.Builder b) {
        Engine e = new Engine(b);
        try {
            e.admin = AdminServer.start(e, b.apiListen, b.token, e.adminLoop, e.adminLoop);
        } catch (RuntimeException ex) {
            e.shutdownLoops();
            e.history.close();
            e.callers.close();
            throw ex;
        }
        long every = b.sweepInterval.toNanos();
        // Not on an event loop: the sweep takes the engine lock, and lock holders wait on event loops (bind, close).
        e.sweeper.scheduleAtFixedRate(e::sweepQuietly, every, every, TimeUnit.NANOSECONDS);
        e.sampler = HistorySampler.start(e.history, e.metrics);
        return e;
    }

    /** The data path's event loops (accepting and relaying), never the admin API's: for tests that saturate them. */
    List<EventLoopGroup> dataPathLoops() {
        return List.of(boss, workers);
    }

    @Override
    public InetSocketAddress apiAddress() {
        return admin.address();
    }

    @Override
    public ProxyStatus createProxy(ProxySpec spec) {
        return locked(() -> {
            if (proxies.containsKey(spec.name())) throw FaultProxyException.conflict("proxy already exists: " + spec.name());
            return status(install(spec));
        });
    }

    private ListeningProxy install(ProxySpec spec) {
        upstreams.check(spec.upstream());
        ProxyMetrics m = metrics.computeIfAbsent(spec.name(), n -> new ProxyMetrics());
        ListeningProxy p = new ListeningProxy(spec, boss, workers, m, limits, budget, callers);
        if (spec.enabled()) p.start();
        proxies.put(spec.name(), p);
        callers.rescan();
        LOG.log(System.Logger.Level.INFO, "proxy " + spec.name() + " listening on " + p.spec().listen() + " -> " + spec.upstream()
                + (spec.enabled() ? "" : " (disabled)"));
        return p;
    }

    @Override
    public List<ProxyStatus> populate(List<ProxySpec> specs) {
        return locked(() -> {
            List<ProxyStatus> out = new ArrayList<>();
            for (ProxySpec s : specs) upstreams.check(s.upstream());
            for (ProxySpec s : specs) {
                ListeningProxy existing = proxies.get(s.name());
                if (existing != null && sameConfig(existing.spec(), s)) {
                    out.add(status(existing));
                    continue;
                }
                if (existing != null) remove(existing);
                out.add(status(install(s)));
            }
            return out;
        });
    }

    private static boolean sameConfig(ProxySpec a, ProxySpec b) {
        boolean listenSame = a.listen().equals(b.listen()) || b.listen().endsWith(":0");
        return listenSame && a.upstream().equals(b.upstream()) && a.enabled() == b.enabled() && a.mode() == b.mode()
                && a.limits().equals(b.limits());
    }

    @Override
    public List<ProxyStatus> proxies() {
        return locked(() -> proxies.values().stream().map(Engine::status).toList());
    }

    @Override
    public Optional<ProxyStatus> proxy(String name) {
        return locked(() -> Optional.ofNullable(proxies.get(name)).map(Engine::status));
    }

    @Override
    public ProxyStatus updateProxy(ProxySpec spec) {
        return locked(() -> {
            ListeningProxy p = get(spec.name());
            upstreams.check(spec.upstream());
            boolean wasEnabled = p.spec().enabled();
            p.update(spec);
            callers.rescan();
            if (wasEnabled != spec.enabled()) {
                LOG.log(System.Logger.Level.INFO, "proxy " + spec.name() + (spec.enabled() ? " enabled" : " disabled: connections refused"));
            }
            return status(p);
        });
    }

    @Override
    public void deleteProxy(String name) {
        locked(() -> {
            remove(get(name));
            return null;
        });
    }

    private void remove(ListeningProxy p) {
        p.setToxics(List.of());
        p.stop();
        proxies.remove(p.name());
        LOG.log(System.Logger.Level.INFO, "proxy " + p.name() + " deleted");
    }

    @Override
    public ToxicSpec addToxic(String proxy, ToxicSpec toxic) {
        return locked(() -> {
            ListeningProxy p = get(proxy);
            FaultAdmission.checkMode(p, toxic);
            toxic.ttl().ifPresent(t -> FaultAdmission.checkTtl(t, maxTtl, "toxic ttl"));
            toxic.lease().ifPresent(leases::live);
            if (p.toxics().stream().anyMatch(t -> t.spec().name().equals(toxic.name()))) {
                throw FaultProxyException.conflict("toxic already exists: " + toxic.name() + " on proxy " + proxy);
            }
            List<ActiveToxic> next = new ArrayList<>(p.toxics());
            next.add(ActiveToxic.of(toxic, clock.instant()));
            p.setToxics(next);
            LOG.log(System.Logger.Level.INFO, "proxy " + proxy + ": toxic " + toxic.name() + " (" + toxic.type() + ", "
                    + toxic.stream().wire() + ") added" + toxic.ttl().map(t -> ", ttl " + t.toSeconds() + "s").orElse("")
                    + toxic.lease().map(l -> ", lease " + l).orElse(""));
            return toxic;
        });
    }

    @Override
    public ToxicSpec updateToxic(String proxy, ToxicSpec toxic) {
        return locked(() -> {
            ListeningProxy p = get(proxy);
            FaultAdmission.checkMode(p, toxic);
            toxic.ttl().ifPresent(t -> FaultAdmission.checkTtl(t, maxTtl, "toxic ttl"));
            toxic.lease().ifPresent(leases::live);
            List<ActiveToxic> next = new ArrayList<>(p.toxics());
            int i = indexOf(next, toxic.name(), proxy);
            next.set(i, ActiveToxic.of(toxic, clock.instant()));
            p.setToxics(next);
            return toxic;
        });
    }

    @Override
    public void removeToxic(String proxy, String toxic) {
        locked(() -> {
            ListeningProxy p = get(proxy);
            List<ActiveToxic> next = new ArrayList<>(p.toxics());
            next.remove(indexOf(next, toxic, proxy));
            p.setToxics(next);
            LOG.log(System.Logger.Level.INFO, "proxy " + proxy + ": toxic " + toxic + " removed");
            return null;
        });
    }

    /** The toxic named {@code name} on {@code proxy}, as {@code GET /proxies/{proxy}/toxics/{name}} shows it. */
    ToxicSpec toxic(String proxy, String name) {
        return locked(() -> {
            List<ActiveToxic> all = get(proxy).toxics();
            return all.get(indexOf(all, name, proxy)).spec();
        });
    }

    @Override
    public void reset() {
        locked(() -> {
            for (ListeningProxy p : proxies.values()) {
                p.setToxics(List.of());
                if (!p.spec().enabled()) p.update(p.spec().withEnabled(true));
            }
            LOG.log(System.Logger.Level.INFO, "reset: every proxy enabled, every toxic removed");
            return null;
        });
    }

    @Override
    public Lease createLease(Duration ttl) {
        FaultAdmission.checkTtl(ttl, maxTtl, "lease ttl");
        Lease l = leases.create(ttl);
        LOG.log(System.Logger.Level.INFO, "lease " + l.id() + " created, expires " + l.expiresAt());
        return l;
    }

    /**
     * Ends a lease at its owner's request ({@code DELETE /leases/{id}}): its faults are removed now. Not an expiry,
     * so it is logged at INFO, not WARNING.
     */
    @Override
    public void releaseLease(String id) {
        locked(() -> {
            leases.release(id);
            List<String> removed = new ArrayList<>();
            for (ListeningProxy p : proxies.values()) {
                List<ActiveToxic> keep = p.toxics().stream().filter(t -> !t.spec().lease().equals(Optional.of(id))).toList();
                p.toxics().stream().filter(t -> t.spec().lease().equals(Optional.of(id))).forEach(t -> removed.add(p.name() + "/" + t.spec().name()));
                if (keep.size() != p.toxics().size()) p.setToxics(keep);
            }
            LOG.log(System.Logger.Level.INFO, "lease " + id + " released by its owner" + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed)));
            return null;
        });
    }

    private List<String> toxicsOn(String leaseId) {
        List<String> out = new ArrayList<>();
        for (ListeningProxy p : proxies.values()) {
            for (ActiveToxic t : p.toxics()) if (t.spec().lease().equals(Optional.of(leaseId))) out.add(p.name() + "/" + t.spec().name());
        }
        return out;
    }

    @Override
    public Lease renewLease(String id, Optional<Duration> ttl) {
        ttl.ifPresent(t -> FaultAdmission.checkTtl(t, maxTtl, "lease ttl"));
        return leases.renew(id, ttl);
    }

    /**
     * Removes toxics whose TTL passed or whose lease expired unrenewed, and logs each removal. Runs every
     * 100 ms on its own thread; tests call it directly with a moved clock.
     */
    List<String> sweep() {
        return locked(() -> {
            List<String> removed = new ArrayList<>();
            for (Lease l : leases.expire()) {
                List<String> held = toxicsOn(l.id());
                if (held.isEmpty()) {
                    // Its owner removed its faults (a clean rollback) and let it lapse: nothing was left to expire.
                    LOG.log(System.Logger.Level.DEBUG, "lease " + l.id() + " ended at " + l.expiresAt() + " with no faults on it");
                } else {
                    LOG.log(System.Logger.Level.WARNING, "lease " + l.id() + " expired at " + l.expiresAt()
                            + " without renewal; removing its faults: " + String.join(", ", held));
                }
            }
            Instant now = clock.instant();
            for (ListeningProxy p : proxies.values()) {
                List<ActiveToxic> keep = new ArrayList<>();
                for (ActiveToxic t : p.toxics()) {
                    boolean ttlGone = t.expiresAt().map(e -> !now.isBefore(e)).orElse(false);
                    boolean leaseGone = t.spec().lease().map(l -> !leases.isLive(l)).orElse(false);
                    if (ttlGone || leaseGone) {
                        removed.add(p.name() + "/" + t.spec().name());
                        p.metrics().toxicExpired();
                        LOG.log(System.Logger.Level.WARNING, "proxy " + p.name() + ": toxic " + t.spec().name() + " removed, "
                                + (ttlGone ? "ttl expired" : "lease " + t.spec().lease().orElseThrow() + " expired"));
                    } else {
                        keep.add(t);
                    }
                }
                if (keep.size() != p.toxics().size()) p.setToxics(keep);
            }
            return removed;
        });
    }

    private void sweepQuietly() {
        try {
            if (!closed) sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "lease sweep failed; retrying in 100 ms", e);
        }
    }

    /** Every proxy's counters over the trailing {@code window}, from the history plus the live counters. */
    CounterHistory.Window history(Optional<String> proxy, Duration window) {
        return history.query(proxy, window, metrics);
    }

    /** Waits until the callers' processes were scanned after this call (tests: so a just-started caller is named). */
    boolean awaitCallerScan() throws InterruptedException {
        return callers.awaitRescan(Duration.ofSeconds(60));
    }

    /** Stores the counters' increase since the last sample (every 10 s; tests call it with a moved clock). */
    void sampleHistory() {
        history.sample(metrics);
    }

    private List<ProxySpec> proxySpecs() {
        return locked(() -> proxies.values().stream().map(ListeningProxy::spec).toList());
    }

    @Override
    public String metrics() {
        return PrometheusText.render(metrics);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        locked(() -> {
            for (ListeningProxy p : proxies.values()) {
                if (!p.toxics().isEmpty()) LOG.log(System.Logger.Level.INFO, "shutdown: removing " + p.toxics().size() + " toxics from " + p.name());
                p.setToxics(List.of());
                p.stop();
            }
            proxies.clear();
            return null;
        });
        if (admin != null) admin.close();
        shutdownLoops();
        if (sampler != null) sampler.close();
        history.close();
        callers.close();
    }

    private void shutdownLoops() {
        sweeper.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        adminLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ListeningProxy get(String name) {
        ListeningProxy p = proxies.get(name);
        if (p == null) throw FaultProxyException.notFound("proxy not found: " + name);
        return p;
    }

    private static int indexOf(List<ActiveToxic> toxics, String name, String proxy) {
        for (int i = 0; i < toxics.size(); i++) if (toxics.get(i).spec().name().equals(name)) return i;
        throw FaultProxyException.notFound("toxic not found: " + name + " on proxy " + proxy);
    }

    private static ProxyStatus status(ListeningProxy p) {
        return new ProxyStatus(p.spec(), p.toxics().stream().map(ActiveToxic::spec).toList());
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
