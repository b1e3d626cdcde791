package dev.assay.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.planner.Candidate;

/**
 * One planned candidate as JSON, the same in {@code assay plan --format json} and the API's {@code GET /api/plan}: id,
 * intent (or null), fault (type, target, magnitude at its peak, scope), expected information, cost, score, predicted
 * blast radius, whether it may run and what blocks it, what it resolves.
 */
public final class CandidateJson {
    private CandidateJson() {
    }

    /** Writes {@code c}'s fields into {@code o}. */
    public static ObjectNode write(ObjectNode o, Candidate c) {
        o.put("id", c.id());
        c.intent().ifPresentOrElse(i -> o.put("intent", i), () -> o.putNull("intent"));
        ObjectNode f = o.putObject("fault");
        f.put("type", c.fault().type().id());
        f.put("target", c.fault().target());
        ObjectNode mag = f.putObject("magnitude");
        c.fault().peak().values().forEach(mag::put);
        f.putObject("scope").put("percent", c.fault().scope().percent());
        o.put("eigBits", c.eigBits());
        o.put("expectedCost", c.expectedCost());
        o.put("score", c.score());
        ObjectNode radius = o.putObject("predictedBlastRadius");
        c.predictedBlastRadius().forEach(radius::put);
        o.put("runnable", c.runnable());
        ArrayNode blocked = o.putArray("blockedBy");
        c.blockedBy().forEach(blocked::add);
        o.put("resolves", c.resolves());
        return o;
    }
}
