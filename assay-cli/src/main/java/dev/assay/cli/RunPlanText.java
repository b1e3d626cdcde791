package dev.assay.cli;

import dev.assay.model.Intent;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code assay run} says about the plan when it injects nothing: {@code --dry-run}'s list, and why no intent is runnable. */
final class RunPlanText {
    private RunPlanText() {
    }

    /** The runnable candidates that test one of {@code list}, best first. */
    static List<Candidate> runnable(Planner planner, PlanRequest request, List<Intent> list) {
        Set<String> ids = list.stream().map(Intent::id).collect(Collectors.toSet());
        return planner.plan(request).candidates().stream()
                .filter(c -> c.runnable() && c.intent().isPresent() && ids.contains(c.intent().get())).toList();
    }

    static int dryRun(Planner planner, PlanRequest request, List<Intent> list, int maxExperiments, PrintWriter out) {
        List<Candidate> runnable = runnable(planner, request, list);
        out.println("dry run: nothing will be injected");
        if (runnable.isEmpty()) blocked(planner, request, list, out);
        int n = 0;
        for (Candidate c : runnable) {
            if (n++ >= maxExperiments) break;
            out.printf("would run %s: %s on %s, %.3f bits expected, predicted blast radius %s%n", c.intent().orElseThrow(),
                    c.fault().type().id(), c.fault().target(), c.eigBits(), c.predictedBlastRadius().keySet());
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Why no intent is runnable: each intent candidate's blockers, or that the planner found it redundant. */
    static void blocked(Planner planner, PlanRequest request, List<Intent> list, PrintWriter out) {
        var plan = planner.plan(request);
        Set<String> ids = list.stream().map(Intent::id).collect(Collectors.toSet());
        List<String> why = new ArrayList<>();
        plan.candidates().stream().filter(c -> c.intent().isPresent() && ids.contains(c.intent().get()) && !c.runnable())
                .forEach(c -> why.add("  " + c.intent().get() + " blocked by " + String.join("; ", c.blockedBy())));
        plan.redundant().forEach(r -> why.add(String.format(java.util.Locale.ROOT, "  %s is redundant (P(holds) = %.3f)", r.intent(), r.pHolds())));
        out.println(why.isEmpty() ? "nothing was run, and no intent is blocked or redundant" : "no runnable intent:");
        why.forEach(out::println);
        out.flush();
    }
}
