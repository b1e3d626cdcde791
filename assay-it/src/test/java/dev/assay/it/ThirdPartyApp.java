package dev.assay.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One application of the shared third-party corpus and what the test knows about it from reading its code
 * (not from Assay): the services, the journey the load drives, the calls that load makes, and the intents
 * (in {@code src/test/resources/intents/<app>/}) of which {@code weakness} should fail, and {@code mechanismEdge}
 * ({@code caller -> callee}), an edge whose callee an intent faults, so the report must explain it.
 */
record ThirdPartyApp(String name, List<String> services, String journey, String entry, String route, String path,
                     Set<String> exercisedEdges, String weakness, String mechanismEdge) {
    ThirdPartyApp {
        services = List.copyOf(services);
        exercisedEdges = Set.copyOf(exercisedEdges);
    }

    /** load-balancer -> app-server -> requestmapper, db-primary; db-secondary only when the primary fails. */
    static final ThirdPartyApp MAILCHIMP = new ThirdPartyApp("mailchimp",
            List.of("load-balancer", "app-server", "requestmapper", "db-primary", "db-secondary"),
            "urls", "load-balancer", "GET /urls", "/urls/prettyurl",
            Set.of("load-balancer->app-server", "app-server->requestmapper", "app-server->db-primary"),
            "urls-fast-when-requestmapper-slow", "app-server -> requestmapper");

    /** users -> bookings -> movies (showtimes exists but this journey never calls it). */
    static final ThirdPartyApp CINEMA = new ThirdPartyApp("cinema-3",
            List.of("movies", "showtimes", "bookings", "users"),
            "user-bookings", "users", "GET /users", "/users/chris_rivers/bookings",
            Set.of("users->bookings", "bookings->movies"),
            "user-bookings-survive-bookings-errors", "users -> bookings");

    /** api-gateway -> review-ml; review-time only as the fallback when review-ml fails. */
    static final ThirdPartyApp EXPEDIA = new ThirdPartyApp("expedia",
            List.of("api-gateway", "review-ml", "review-time"),
            "reviews", "api-gateway", "GET /review", "/review/hotels/hotel1",
            Set.of("api-gateway->review-ml"),
            "reviews-fast-when-review-ml-slow", "api-gateway -> review-ml");

    /** Services the load reaches: the entry and every callee of an exercised edge. */
    Set<String> exercisedServices() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        out.add(entry);
        exercisedEdges.forEach(e -> out.add(e.substring(e.indexOf("->") + 2)));
        return out;
    }

    /** The shared corpus: {@code shared/thirdparty/filibuster-corpus} beside the clone (or beside one of its parents). */
    static Path corpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/thirdparty/filibuster-corpus");
            if (Files.isDirectory(c)) return c;
        }
        throw new AssertionError("shared/thirdparty/filibuster-corpus not found beside the clone (../shared/thirdparty/); "
                + "the third-party integration tests read the apps from there");
    }

    Path dir() {
        return corpus().resolve(name);
    }
}
