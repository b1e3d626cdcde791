package dev.assay.bench;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.generate.TopologyGenerator;
import dev.assay.model.Topology;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning time (issue 5): a full ranking of every candidate (each service a journey reaches × 3 fault
 * classes × 12 levels) with the top 10 re-scored exactly, on generated production-like graphs
 * ({@link TopologyGenerator}, seed 42): 100 services, and 17,000 services / ~31,000 edges / 500 journeys.
 * The belief is built once per trial (not measured); see {@link #buildBelief} for that cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PlanningBenchmark {
    @Param({"100", "17000"})
    int services;

    Topology topology;
    Planner planner;
    Planner mechanismPlanner;
    PlanRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        topology = TopologyGenerator.generate(services, 42);
        planner = Planner.create(buildBelief(), List.of());
        mechanismPlanner = Planner.create(buildBelief(), List.of(), dev.assay.belief.MechanismBelief.create(topology));
        request = PlanRequest.defaults().withTop(10).withExactTop(10).withSeed(1);
    }

    Belief buildBelief() {
        return Belief.create(SystemGraph.of(topology), Priors.broad(), Belief.Settings.DEFAULTS, Clock.systemUTC());
    }

    @Benchmark
    public Plan plan() {
        return planner.plan(request);
    }

    /**
     * The planner with the mechanism belief (issue 13): stage-1 EIG over every candidate's in-edges, stage-2 cone EIG
     * on the best 30. The mechanism belief is at its priors (the worst case: nothing settled, nothing cached but the
     * shared prior).
     */
    @Benchmark
    public Plan planWithMechanisms() {
        return mechanismPlanner.plan(request);
    }

    /** Building the int-indexed graph and the priors from a topology (done once, then updated in place). */
    @Benchmark
    @Measurement(iterations = 3, time = 4)
    public Belief beliefFromTopology() {
        return buildBelief();
    }
}
