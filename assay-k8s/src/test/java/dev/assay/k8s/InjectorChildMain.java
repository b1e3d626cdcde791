package dev.assay.k8s;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Lease;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A controller process for {@link ReaperCrashTest}: applies two faults against the mock API server at args[0] under
 * leases of args[1] seconds, prints "applied", then waits to be killed.
 */
public final class InjectorChildMain {
    public static void main(String[] args) throws Exception {
        var client = KubernetesClients.create(args[0], Map.of("namespaces", "shop"));
        ClusterServices services = ClusterServices.create(client, List.of("shop"), ClusterServices.DEFAULT_SERVICE_LABEL);
        ChaosMeshInjector injector = ChaosMeshInjector.create(client, services, ExclusionZones.NONE, Map.of("owner", "child"), Clock.systemUTC());
        Instant expires = Instant.now().plusSeconds(Long.parseLong(args[1]));
        injector.apply(Fault.of(FaultType.LATENCY, "checkout", Magnitude.of("delayMs", 300)), Magnitude.of("delayMs", 300), new Lease("crash-f1", expires));
        injector.apply(Fault.of(FaultType.POD_FAILURE, "payments", Magnitude.NONE), Magnitude.NONE, new Lease("crash-f2", expires));
        System.out.println("applied");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
