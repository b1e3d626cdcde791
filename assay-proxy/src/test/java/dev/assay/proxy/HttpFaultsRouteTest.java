package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The route label ({@link HttpFaults#route}): the first path segment, without the query. */
class HttpFaultsRouteTest {
    @Test
    void theRouteIsTheFirstPathSegmentWithoutTheQuery() {
        assertThat(HttpFaults.route("/checkout/42?x=1")).isEqualTo("/checkout");
        assertThat(HttpFaults.route("/checkout?x=1/2")).isEqualTo("/checkout");
        assertThat(HttpFaults.route("/checkout")).isEqualTo("/checkout");
        assertThat(HttpFaults.route("/")).isEqualTo("/");
        assertThat(HttpFaults.route("/?q=/a")).isEqualTo("/");
        assertThat(HttpFaults.route("*")).isEqualTo("/");
        assertThat(HttpFaults.route("http://host/x")).isEqualTo("/");
    }
}
