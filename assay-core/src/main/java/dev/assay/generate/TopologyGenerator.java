package dev.assay.generate;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Production-like dependency graphs for benchmarks and the simulator. Public, stable API:
 * {@link #generate(int, long)}; the same {@code (services, seed)} always gives the same topology.
 *
 * <p>Shape (after published analyses of Alibaba and Uber call graphs): about {@code services / 34} entry
 * services (gateways/frontends, {@code entry-k}), each the entry of one journey; every other service gets
 * one caller picked by preferential attachment on fan-out (so fan-out is heavy-tailed and the graph is
 * tree-like), plus about 0.82 extra edges per service to callees picked by preferential attachment on
 * fan-in (shared infrastructure: databases, caches, queues). About 0.5% of extra edges point backwards,
 * which closes a few cycles. The result has about 1.82 edges per service (17,000 services, ~31,000 edges).
 * Leaves become databases/caches/queues with some probability, ~10% of edges are async, and
 * {@code callsPerRequest} is heavy-tailed (mostly 1). Journeys use everything reachable from their
 * entry; weights are heavy-tailed in [1, 100]. No edge carries {@code resilience}: the simulator samples
 * its own ground truth.
 */
public final class TopologyGenerator {
    private static final double EDGES_PER_SERVICE = 1.82;
    private static final double BACK_EDGE_SHARE = 0.005;

    private TopologyGenerator() {
    }

    /** A generated topology of {@code services} (at least 2) services, named {@code generated-<n>-<seed>}. */
    public static Topology generate(int services, long seed) {
        if (services < 2) throw new IllegalArgumentException("a generated topology needs at least 2 services, was " + services);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = services;
        int entries = Math.max(1, (int) Math.round(n / 34.0));
        int[] outDeg = new int[n];
        int[] inDeg = new int[n];
        List<int[]> edges = new ArrayList<>();
        Set<Long> keys = new HashSet<>();
        // Preferential-attachment urns: a node appears once, plus once per outgoing (resp. incoming) edge.
        IntList outUrn = new IntList();
        IntList inUrn = new IntList();
        for (int i = 0; i < entries; i++) outUrn.add(i);
        for (int i = entries; i < n; i++) {
            int parent = outUrn.get(rnd.nextInt(outUrn.size()));
            addEdge(edges, keys, parent, i, outDeg, inDeg, outUrn, inUrn);
            outUrn.add(i);
            inUrn.add(i);
        }
        int extra = (int) Math.round(EDGES_PER_SERVICE * n) - edges.size();
        int attempts = 0;
        while (extra > 0 && attempts++ < 20 * n) {
            int a = rnd.nextInt(n);
            int b = inUrn.get(rnd.nextInt(inUrn.size()));
            if (a == b) continue;
            // Most extra edges point "down" (towards later services): tree-like; a few point back: cycles.
            boolean back = rnd.nextDouble() < BACK_EDGE_SHARE;
            int from = back ? Math.max(a, b) : Math.min(a, b);
            int to = back ? Math.min(a, b) : Math.max(a, b);
            if (from == to || to < entries || keys.contains(key(from, to))) continue;
            addEdge(edges, keys, from, to, outDeg, inDeg, outUrn, inUrn);
            extra--;
        }
        return build(n, entries, edges, outDeg, rnd, seed);
    }

    private static Topology build(int n, int entries, List<int[]> edges, int[] outDeg, SplittableRandom rnd, long seed) {
        List<Service> services = new ArrayList<>(n);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            ServiceKind kind = ServiceKind.SERVICE;
            if (i >= entries && outDeg[i] == 0) {
                double r = rnd.nextDouble();
                kind = r < 0.25 ? ServiceKind.DATABASE : r < 0.40 ? ServiceKind.CACHE : r < 0.48 ? ServiceKind.QUEUE
                        : r < 0.52 ? ServiceKind.EXTERNAL : ServiceKind.SERVICE;
            }
            names[i] = (i < entries ? "entry-" : kind == ServiceKind.SERVICE ? "svc-" : kind.id() + "-") + i;
            services.add(new Service(names[i], kind));
        }
        List<Edge> modelEdges = new ArrayList<>(edges.size());
        int[][] out = new int[n][];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) out[i] = new int[outDeg[i]];
        for (int[] e : edges) {
            boolean sync = rnd.nextDouble() >= 0.10;
            double calls = rnd.nextDouble() < 0.8 ? 1.0 : Math.min(20.0, Math.round(10.0 / Math.pow(1 - rnd.nextDouble(), 0.7)) / 10.0);
            modelEdges.add(new Edge(names[e[0]], names[e[1]], sync, calls, Optional.empty()));
            out[e[0]][fill[e[0]]++] = e[1];
        }
        List<Journey> journeys = new ArrayList<>(entries);
        int[] seen = new int[n];
        int[] queue = new int[n];
        for (int j = 0; j < entries; j++) {
            int stamp = j + 1;
            int head = 0;
            int tail = 0;
            queue[tail++] = j;
            seen[j] = stamp;
            List<String> uses = new ArrayList<>();
            while (head < tail) {
                int u = queue[head++];
                for (int v : out[u]) {
                    if (seen[v] != stamp) {
                        seen[v] = stamp;
                        queue[tail++] = v;
                        uses.add(names[v]);
                    }
                }
            }
            double weight = Math.min(100.0, Math.floor(1.0 / Math.pow(1 - rnd.nextDouble(), 0.8)));
            journeys.add(new Journey("journey-" + j, names[j], Optional.empty(), weight, uses));
        }
        return new Topology("generated-" + n + "-" + seed, services, modelEdges, journeys);
    }

    private static void addEdge(List<int[]> edges, Set<Long> keys, int from, int to, int[] outDeg, int[] inDeg,
                                IntList outUrn, IntList inUrn) {
        edges.add(new int[] {from, to});
        keys.add(key(from, to));
        outDeg[from]++;
        inDeg[to]++;
        outUrn.add(from);
        inUrn.add(to);
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    /** A growable int array (the urns hold tens of thousands of entries). */
    private static final class IntList {
        private int[] a = new int[64];
        private int size;

        void add(int v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return size;
        }
    }
}
