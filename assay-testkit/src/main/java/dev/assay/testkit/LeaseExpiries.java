package dev.assay.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault proxy's own record of the leases it expired, read from its log in this JVM (an embedded proxy logs through
 * {@code System.Logger}, i.e. java.util.logging): each {@code lease <id> expired at <instant> without renewal; removing
 * its faults: ...} warning. Tests of "the fault is gone once its lease expires" assert on the lease's expiry on the
 * proxy's clock, which does not depend on how late a loaded machine runs the sweep or the test thread.
 */
public final class LeaseExpiries implements AutoCloseable {
    /** One expiry: the lease, when it expired (proxy clock), when the sweep removed its faults, and which ones. */
    public record Expiry(String lease, Instant expiresAt, Instant sweptAt, List<String> faults) {
        public Expiry {
            requireNonNull(lease, "lease");
            requireNonNull(expiresAt, "expiresAt");
            requireNonNull(sweptAt, "sweptAt");
            faults = List.copyOf(faults);
        }
    }

    private static final Pattern EXPIRED = Pattern.compile("lease (\\S+) expired at (\\S+) without renewal; removing its faults: (.*)");

    private final Logger logger = Logger.getLogger("dev.assay.proxy.Engine"); // held: JUL keeps loggers weakly
    private final List<Expiry> seen = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            Matcher m = r.getMessage() == null ? null : EXPIRED.matcher(r.getMessage());
            if (m != null && m.matches()) {
                seen.add(new Expiry(m.group(1), Instant.parse(m.group(2)), r.getInstant(), Arrays.asList(m.group(3).split(", "))));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LeaseExpiries() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts recording the expiries of every proxy embedded in this JVM. */
    public static LeaseExpiries record() {
        return new LeaseExpiries();
    }

    /** The expiry of {@code lease}, waiting for it up to {@code within}; fails the test if the proxy never expired it. */
    public Expiry await(String lease, Duration within) throws InterruptedException {
        ChildJvms.await(() -> find(lease).isPresent(), within, () -> "the proxy did not expire lease " + lease + "; expired: " + seen);
        return find(lease).orElseThrow();
    }

    public List<Expiry> all() {
        return List.copyOf(seen);
    }

    private Optional<Expiry> find(String lease) {
        return seen.stream().filter(e -> e.lease().equals(lease)).findFirst();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
