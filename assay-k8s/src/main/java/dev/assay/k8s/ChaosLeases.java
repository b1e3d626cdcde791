package dev.assay.k8s;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * How a Chaos Mesh object names its lease: object name {@code assay-<lease id>}, labels
 * {@code app.kubernetes.io/managed-by=assay}, {@code assay.dev/lease} and {@code assay.dev/owner}, and the lease's
 * expiry in the annotation {@code assay.dev/lease-expires-at} (ISO-8601), which the reaper reads.
 */
public final class ChaosLeases {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String ASSAY = "assay";
    public static final String LEASE = "assay.dev/lease";
    public static final String OWNER = "assay.dev/owner";
    public static final String EXPIRES_AT = "assay.dev/lease-expires-at";
    public static final String LEASE_ID = "assay.dev/lease-id";

    private ChaosLeases() {
    }

    /** The object name: DNS-1123, at most 63 characters. */
    public static String objectName(String leaseId) {
        return truncate("assay-" + labelValue(leaseId).toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-'));
    }

    /** A label value for {@code text}: [A-Za-z0-9._-], at most 63, starting and ending alphanumeric. */
    public static String labelValue(String text) {
        String v = text.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return truncate(v).replaceAll("[^A-Za-z0-9]+$", "");
    }

    static Map<String, String> labels(String leaseId, String owner) {
        return Map.of(MANAGED_BY, ASSAY, LEASE, labelValue(leaseId), OWNER, labelValue(owner));
    }

    static Map<String, String> annotations(String leaseId, Instant expiresAt) {
        return Map.of(EXPIRES_AT, expiresAt.toString(), LEASE_ID, leaseId);
    }

    private static String truncate(String s) {
        return s.length() <= 63 ? s : s.substring(0, 63).replaceAll("[^A-Za-z0-9]+$", "");
    }
}
