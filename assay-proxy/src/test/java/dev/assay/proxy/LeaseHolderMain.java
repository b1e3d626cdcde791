package dev.assay.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A controller in a child JVM: creates a lease and a toxic hanging on it over the REST API, then renews the
 * lease every 500 ms until it is killed. Args: admin port, proxy name, lease TTL seconds.
 */
public final class LeaseHolderMain {
    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        HttpClient http = HttpClient.newHttpClient();
        // warm up first (a cold JVM on a loaded machine takes seconds to load the HTTP client), so the lease's TTL is
        // not spent before its toxic is added; the id is read without a JSON library for the same reason
        http.send(HttpRequest.newBuilder(URI.create(base + "/version")).build(), HttpResponse.BodyHandlers.discarding());
        String lease = post(http, base + "/leases", "{\"ttl\": " + args[2] + "}");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(lease);
        if (!m.find()) throw new IllegalStateException("no lease id in " + lease);
        String id = m.group(1);
        post(http, base + "/proxies/" + args[1] + "/toxics",
                "{\"name\":\"held\",\"type\":\"latency\",\"lease\":\"" + id + "\",\"attributes\":{\"latency\":100}}");
        System.out.println("READY " + id);
        System.out.flush();
        while (true) {
            Thread.sleep(500);
            post(http, base + "/leases/" + id + "/renew", "");
        }
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
