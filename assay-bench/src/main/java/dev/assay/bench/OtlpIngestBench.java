package dev.assay.bench;

import dev.assay.model.Topology;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.LiveGraph;
import dev.assay.telemetry.OtlpReceiver;
import dev.assay.testkit.GeneratedSpan;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import dev.assay.testkit.ZipkinServer;
import dev.assay.testkit.ZipkinSpans;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OTLP ingestion into Assay's live graph vs Zipkin server ingesting the same spans, end to end over loopback
 * HTTP with the same client (4 concurrent senders). Not JMH: the subject on one side is another process.
 * Usage: {@code bench/otlp-ingest.sh [spansTarget] [runs]}; prints spans/s per run, medians, the ratio, and the
 * heap Assay retains after 1x and 4x the spans (bounded memory: aggregates only).
 */
public final class OtlpIngestBench {
    record Batch(byte[] otlp, byte[] zipkin, int spans) {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Topology t = TopologyFixtures.load("online-boutique.topology.json");
        System.out.printf("cores=%d java=%s topology=%s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), t.name());

        List<List<Batch>> runsData = new ArrayList<>();
        for (int r = 0; r < runs + 1; r++) runsData.add(batches(t, target, 1000 + r)); // +1: warm-up
        int spans = runsData.get(0).stream().mapToInt(Batch::spans).sum();
        System.out.printf("spans per run=%d in %d batches of ~%d spans%n", spans, runsData.get(0).size(), spans / runsData.get(0).size());

        double[] assay = new double[runs];
        for (int r = 0; r <= runs; r++) {
            LiveGraph graph = LiveGraph.create(Clock.systemUTC());
            try (OtlpReceiver receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph)) {
                URI uri = URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces");
                long t0 = System.nanoTime();
                send(uri, runsData.get(r), true);
                graph.flush();
                GraphSnapshot g = graph.snapshot();
                double rate = g.counts().spans() / ((System.nanoTime() - t0) / 1e9);
                if (g.counts().spans() != spans || g.edges().size() != t.edges().size()) {
                    throw new IllegalStateException("assay ingested " + g.counts().spans() + " spans, " + g.edges().size() + " edges");
                }
                System.out.printf("assay  run %d%s: %,.0f spans/s%n", r, r == 0 ? " (warm-up)" : "", rate);
                if (r > 0) assay[r - 1] = rate;
            }
        }
        retainedHeap(t, runsData.get(1));

        double[] zipkin = new double[runs];
        try (ZipkinServer server = ZipkinServer.start()) {
            URI uri = server.baseUri().resolve("/api/v2/spans");
            for (int r = 0; r <= runs; r++) {
                // Zipkin gets a quarter of each run's batches: the rate is what matters, and it is slower.
                List<Batch> part = runsData.get(r).subList(0, runsData.get(r).size() / 4);
                long t0 = System.nanoTime();
                send(uri, part, false);
                double rate = part.stream().mapToInt(Batch::spans).sum() / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("zipkin run %d%s: %,.0f spans/s%n", r, r == 0 ? " (warm-up)" : "", rate);
                if (r > 0) zipkin[r - 1] = rate;
            }
        }
        double a = median(assay);
        double z = median(zipkin);
        System.out.printf("median assay=%,.0f spans/s zipkin=%,.0f spans/s ratio=%.1fx%n", a, z, a / z);
    }

    /** Heap Assay keeps after ingesting the same spans once and four times (fresh trace ids each time). */
    private static void retainedHeap(Topology t, List<Batch> once) throws Exception {
        long base = usedAfterGc();
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        try (OtlpReceiver receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph)) {
            URI uri = URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces");
            send(uri, once, true);
            graph.flush();
            long one = usedAfterGc() - base;
            for (int i = 0; i < 3; i++) send(uri, batches(t, once.stream().mapToInt(Batch::spans).sum(), 5000 + i), true);
            graph.flush();
            long four = usedAfterGc() - base;
            System.out.printf("assay retained heap: after 1x %,d spans %.1f MB, after 4x %.1f MB (graph: %d edges)%n",
                    graph.snapshot().counts().spans() / 4, one / 1e6, four / 1e6, graph.snapshot().edges().size());
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static List<Batch> batches(Topology t, int target, long seed) {
        SpanGenerator gen = SpanGenerator.builder(t).seed(seed).tracesPerWeight(10).start(Instant.now()).build();
        List<Batch> out = new ArrayList<>();
        int total = 0;
        while (total < target) {
            List<List<GeneratedSpan>> traces = gen.traces();
            for (int i = 0; i < traces.size() && total < target; i += 40) {
                List<List<GeneratedSpan>> chunk = traces.subList(i, Math.min(traces.size(), i + 40));
                List<GeneratedSpan> flat = chunk.stream().flatMap(List::stream).toList();
                out.add(new Batch(OtlpSpans.requestOfTraces(chunk).toByteArray(), ZipkinSpans.json(flat).getBytes(StandardCharsets.UTF_8), flat.size()));
                total += flat.size();
            }
        }
        return out;
    }

    private static void send(URI uri, List<Batch> batches, boolean otlp) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                done.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        Batch b = batches.get(i);
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", otlp ? "application/x-protobuf" : "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(otlp ? b.otlp() : b.zipkin())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 != 2) throw new IllegalStateException(uri + " answered " + r.statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
