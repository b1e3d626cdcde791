package dev.assay.telemetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads one assembled trace into the graph: a SERVER/CONSUMER span whose parent lives in another service is a
 * call parent→child (async when PRODUCER/CONSUMER); a CLIENT/PRODUCER span with no instrumented child is a call
 * into the uninstrumented peer it names. Calls are grouped by the caller's span to count calls per request,
 * retries and fallbacks. A parentless span is the trace root: its service and route identify the journey.
 */
final class TraceAnalyzer {
    private final LiveGraph.Sink sink;

    TraceAnalyzer(LiveGraph.Sink sink) {
        this.sink = sink;
    }

    private record GroupKey(String caller, String callee, String callerSpanId) {
    }

    private record Call(String caller, String callee, boolean sync, SpanRecord span, String callerSpanId) {
    }

    void analyze(List<SpanRecord> trace) {
        Map<String, SpanRecord> byId = new HashMap<>(trace.size() * 2);
        for (SpanRecord s : trace) byId.put(s.spanId(), s);
        Map<String, Boolean> hasRemoteChild = new HashMap<>();
        List<Call> calls = new ArrayList<>();
        SpanRecord root = null;
        for (SpanRecord s : trace) {
            sink.service(s);
            if (s.isRoot() && (root == null || s.startNanos() < root.startNanos())) root = s;
            SpanRecord parent = s.isRoot() ? null : byId.get(s.parentId());
            if (s.isEntry() && parent != null && !parent.service().equals(s.service())) {
                hasRemoteChild.put(parent.spanId(), true);
                boolean sync = s.kind() != SpanRecord.Kind.CONSUMER && parent.kind() != SpanRecord.Kind.PRODUCER;
                boolean viaCall = parent.isCall();
                calls.add(new Call(parent.service(), s.service(), sync, viaCall ? parent : s,
                        viaCall ? parent.parentId() : parent.spanId()));
            }
        }
        for (SpanRecord s : trace) {
            if (!s.isCall() || hasRemoteChild.containsKey(s.spanId())) continue;
            var callee = s.calleeName();
            if (callee.isEmpty()) continue;
            sink.peer(callee.get(), s);
            calls.add(new Call(s.service(), callee.get(), s.kind() == SpanRecord.Kind.CLIENT, s, s.parentId()));
        }
        Map<GroupKey, List<Call>> groups = new HashMap<>();
        for (Call c : calls) {
            sink.call(c.caller(), c.callee(), c.sync(), c.span());
            groups.computeIfAbsent(new GroupKey(c.caller(), c.callee(), c.callerSpanId()), k -> new ArrayList<>(2)).add(c);
        }
        Map<String, Integer> failuresByCaller = new HashMap<>();
        for (List<Call> group : groups.values()) {
            if (finallyFailed(group)) failuresByCaller.merge(group.get(0).callerSpanId(), 1, Integer::sum);
        }
        for (List<Call> group : groups.values()) request(group, byId, failuresByCaller);
        if (root != null) {
            TreeSet<String> uses = new TreeSet<>();
            for (Call c : calls) {
                uses.add(c.caller());
                uses.add(c.callee());
            }
            uses.remove(root.service());
            sink.journey(root.service(), root.routeOrName(), root.error(), uses);
        }
    }

    private static boolean finallyFailed(List<Call> group) {
        group.sort(Comparator.comparingLong(c -> c.span().startNanos()));
        return group.get(group.size() - 1).span().error();
    }

    /**
     * One caller request's calls to one callee: counts retries (a call started after a failed one) and, when
     * this was the caller's only failed call (so its outcome is attributable to it), whether the caller
     * still succeeded: a fallback.
     */
    private void request(List<Call> group, Map<String, SpanRecord> byId, Map<String, Integer> failuresByCaller) {
        int retried = 0;
        for (int i = 1; i < group.size(); i++) {
            SpanRecord prev = group.get(i - 1).span();
            if (prev.error() && group.get(i).span().startNanos() >= prev.endNanos()) retried++;
        }
        Call first = group.get(0);
        boolean finallyFailed = group.get(group.size() - 1).span().error();
        if (finallyFailed && failuresByCaller.getOrDefault(first.callerSpanId(), 0) > 1) {
            sink.request(first.caller(), first.callee(), retried, false, false);
            return;
        }
        SpanRecord callerSpan = byId.get(first.callerSpanId());
        boolean callerFailed = callerSpan == null || callerSpan.error();
        sink.request(first.caller(), first.callee(), retried, finallyFailed, callerFailed);
    }
}
