package dev.assay.belief;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A {@link Topology} as int-indexed arrays, so the belief model and the planner run at 17,000 services
 * without maps of strings. Services are numbered in topology order, edges likewise; journey {@code j} is
 * modelled as a virtual caller of its entry, whose tolerance is the journey's SLO tolerance: belief slot
 * {@code edgeCount() + j}. Adjacency is stored as compressed rows of edge ids ({@link #outEdges}, {@link #inEdges}).
 * A journey's members are its entry plus its {@code uses}; propagation for a journey stays inside them.
 * Immutable and thread-safe.
 */
public final class SystemGraph {
    private final Topology topology;
    private final String[] names;
    private final Map<String, Integer> index;
    private final int[] from;
    private final int[] to;
    private final boolean[] sync;
    private final double[] calls;
    private final Map<Long, Integer> edgeIndex;
    private final int[] outStart;
    private final int[] outEdge;
    private final int[] inStart;
    private final int[] inEdge;
    private final String[] journeyNames;
    private final Map<String, Integer> journeyIndex;
    private final int[] entry;
    private final double[] weight;
    private final int[][] members;
    private final long[][] memberBits;

    private SystemGraph(Topology t) {
        topology = t;
        int n = t.services().size();
        names = new String[n];
        index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            names[i] = t.services().get(i).name();
            index.put(names[i], i);
        }
        int m = t.edges().size();
        from = new int[m];
        to = new int[m];
        sync = new boolean[m];
        calls = new double[m];
        edgeIndex = new HashMap<>(m * 2);
        int[] outDeg = new int[n + 1];
        int[] inDeg = new int[n + 1];
        for (int e = 0; e < m; e++) {
            Edge edge = t.edges().get(e);
            from[e] = index.get(edge.from());
            to[e] = index.get(edge.to());
            sync[e] = edge.sync();
            calls[e] = edge.callsPerRequest();
            edgeIndex.put(key(from[e], to[e]), e);
            outDeg[from[e] + 1]++;
            inDeg[to[e] + 1]++;
        }
        outStart = prefix(outDeg);
        inStart = prefix(inDeg);
        outEdge = new int[m];
        inEdge = new int[m];
        int[] of = Arrays.copyOf(outStart, n);
        int[] inf = Arrays.copyOf(inStart, n);
        for (int e = 0; e < m; e++) {
            outEdge[of[from[e]]++] = e;
            inEdge[inf[to[e]]++] = e;
        }
        int jn = t.journeys().size();
        journeyNames = new String[jn];
        journeyIndex = new HashMap<>();
        entry = new int[jn];
        weight = new double[jn];
        members = new int[jn][];
        memberBits = new long[jn][];
        for (int j = 0; j < jn; j++) {
            Journey journey = t.journeys().get(j);
            journeyNames[j] = journey.name();
            journeyIndex.put(journey.name(), j);
            entry[j] = index.get(journey.entry());
            weight[j] = journey.weight();
            List<String> services = journey.services();
            members[j] = services.stream().mapToInt(index::get).toArray();
            memberBits[j] = new long[(n + 63) >>> 6];
            for (int v : members[j]) memberBits[j][v >>> 6] |= 1L << v;
        }
    }

    /** The int-indexed form of {@code topology}. */
    public static SystemGraph of(Topology topology) {
        return new SystemGraph(topology);
    }

    public Topology topology() {
        return topology;
    }

    public int serviceCount() {
        return names.length;
    }

    public int edgeCount() {
        return from.length;
    }

    public int journeyCount() {
        return journeyNames.length;
    }

    /** Belief slots: one per edge, then one per journey (the journey's tolerance of its entry). */
    public int slotCount() {
        return from.length + journeyNames.length;
    }

    public OptionalInt service(String name) {
        Integer i = index.get(name);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public String serviceName(int service) {
        return names[service];
    }

    public OptionalInt edge(String caller, String callee) {
        Integer a = index.get(caller);
        Integer b = index.get(callee);
        if (a == null || b == null) return OptionalInt.empty();
        Integer e = edgeIndex.get(key(a, b));
        return e == null ? OptionalInt.empty() : OptionalInt.of(e);
    }

    public int edgeFrom(int edge) {
        return from[edge];
    }

    public int edgeTo(int edge) {
        return to[edge];
    }

    public boolean edgeSync(int edge) {
        return sync[edge];
    }

    public double edgeCallsPerRequest(int edge) {
        return calls[edge];
    }

    /** The ids of the edges {@code service} calls out on, as a range {@code [outStart(s), outStart(s + 1))} of {@link #outEdges}. */
    public int outStart(int service) {
        return outStart[service];
    }

    public int outEdges(int position) {
        return outEdge[position];
    }

    /** The ids of the edges calling {@code service}: range {@code [inStart(s), inStart(s + 1))} of {@link #inEdges}. */
    public int inStart(int service) {
        return inStart[service];
    }

    public int inEdges(int position) {
        return inEdge[position];
    }

    public OptionalInt journey(String name) {
        Integer j = journeyIndex.get(name);
        return j == null ? OptionalInt.empty() : OptionalInt.of(j);
    }

    public String journeyName(int journey) {
        return journeyNames[journey];
    }

    public int journeyEntry(int journey) {
        return entry[journey];
    }

    public double journeyWeight(int journey) {
        return weight[journey];
    }

    /** The belief slot of journey {@code j}'s tolerance of its entry. */
    public int journeySlot(int journey) {
        return from.length + journey;
    }

    /** The journey's entry and uses (a fresh copy). */
    public int[] journeyMembers(int journey) {
        return members[journey].clone();
    }

    public boolean journeyContains(int journey, int service) {
        return (memberBits[journey][service >>> 6] & (1L << service)) != 0;
    }

    /** A label of a belief slot: {@code caller->callee}, or {@code journey:name} for a journey's tolerance. */
    public String slotLabel(int slot) {
        return slot < from.length ? names[from[slot]] + "->" + names[to[slot]] : "journey:" + journeyNames[slot - from.length];
    }

    private static int[] prefix(int[] counts) {
        for (int i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
        return counts;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }
}
