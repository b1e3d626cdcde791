package dev.assay.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The processes of the declared services on this host, for {@link Callers}: which processes listen on the declared
 * addresses (the proxies' upstreams plus {@link FaultProxy.Builder#service}) and which users they run as. Used by
 * one thread at a time (the callers' scanner).
 */
final class ServiceScan {
    private static final long UNOWNED_RETRY_SECONDS = 30;

    /**
     * The declared services' processes as of a scan: process id -> the services it listens for, and every user id
     * those processes were seen running as (empty when some could not be read: then no socket is ruled out by its
     * owner's uid).
     */
    record Processes(Map<Long, Set<String>> byPid, Optional<Set<Integer>> uids) {
        static final Processes NONE = new Processes(Map.of(), Optional.of(Set.of()));

        Processes {
            byPid = Map.copyOf(byPid);
        }

        /** A socket created by {@code uid} cannot be any of these processes'. */
        boolean ruledOut(int uid) {
            return uids.isPresent() && !uids.get().contains(uid);
        }
    }

    private final SocketOwners owners;
    private final Optional<SockDiag> diag;
    private final Map<String, String> services;
    private final Supplier<List<ProxySpec>> proxies;
    /** Declared listening sockets a complete scan found no owner for, and when. */
    private final Map<Long, Long> unowned = new HashMap<>();
    private Map<Long, List<Long>> listeningOwners = Map.of();
    /** Every user id each service process was seen running as, while it lives. */
    private final Map<Long, Set<Integer>> uidsSeen = new HashMap<>();
    private Processes last = Processes.NONE;

    ServiceScan(SocketOwners owners, Optional<SockDiag> diag, Map<String, String> services, Supplier<List<ProxySpec>> proxies) {
        this.owners = owners;
        this.diag = diag;
        this.services = Map.copyOf(services);
        this.proxies = proxies;
    }

    /**
     * Finds the processes that listen on declared addresses: reads both TCP tables, keeps the owners already
     * known of sockets still declared, and looks for the new ones in this process and its descendants first,
     * then the newest processes, stopping once each has an owner (then checking the owner's parent and
     * siblings, for pre-forked servers). A socket nobody visible holds is looked for again only after
     * {@value #UNOWNED_RETRY_SECONDS} s.
     */
    Processes scan() {
        if (!owners.available()) return last;
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
        last = new Processes(Map.copyOf(byPid), allRead ? Optional.of(Set.copyOf(uids)) : Optional.empty());
        return last;
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
}
