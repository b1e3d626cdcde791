package dev.assay.runner;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kills or pauses processes. A fault's target is {@code pid:1234}, {@code cmd:<regex>} (matched against each
 * process's full command line), or a service name mapped to one of those.
 * <p>A pause is leased by a <em>watchdog</em>: a small detached shell process that resumes the paused
 * processes ({@code SIGCONT}) when the lease file's deadline passes. The runner's heartbeat moves the
 * deadline forward by rewriting the file; if the runner dies or hangs, nobody does, and the watchdog resumes
 * the processes at the lease's end (or at the pause's own {@code durationMs}, whichever is first). A kill
 * cannot be undone; its lease is only a record. Deadlines are wall-clock epoch milliseconds: give this injector
 * the system clock.
 */
public final class ProcessInjector implements Injector, Renewable, Verifiable {
    private static final String WATCHDOG = """
            f="$1"; shift
            while [ -e "$f" ] && [ "$(( $(date +%s%N) / 1000000 ))" -lt "$(cat "$f" 2>/dev/null || echo 0)" ]; do sleep 0.05; done
            kill -CONT "$@" 2>/dev/null; rm -f "$f"
            """;

    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(15); // a loaded machine (load 36) took over 5 s to show the stopped state

    private final Map<String, String> targets;
    private final Path leaseDir;
    private final Clock clock;
    private final Map<String, Instant> pauseEnds = new java.util.concurrent.ConcurrentHashMap<>();

    private ProcessInjector(Map<String, String> targets, Path leaseDir, Clock clock) {
        this.targets = Map.copyOf(targets);
        this.leaseDir = leaseDir;
        this.clock = clock;
    }

    /** {@code targets} maps service names to {@code pid:N} or {@code cmd:regex}; lease files go to {@code leaseDir}. */
    public static ProcessInjector create(Map<String, String> targets, Path leaseDir, Clock clock) {
        try {
            Files.createDirectories(leaseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lease directory " + leaseDir, e);
        }
        return new ProcessInjector(targets, leaseDir, clock);
    }

    @Override
    public Set<FaultType> supports() {
        return EnumSet.of(FaultType.KILL, FaultType.PAUSE);
    }

    @Override
    public AppliedFault apply(Fault fault, Magnitude level, Lease lease) {
        List<Long> pids = resolve(fault.target());
        if (pids.isEmpty()) throw new RunnerException("no process matches the target " + fault.target() + "; is it running?");
        if (fault.type() == FaultType.KILL) {
            int signal = (int) level.valueOr(FaultType.KILL, "signal");
            for (long pid : pids) signal(pid, signal == 9 ? "KILL" : String.valueOf(signal));
            return new AppliedFault("kill-" + lease.id(), fault, level, lease);
        }
        Instant ends = clock.instant().plusMillis((long) level.valueOr(FaultType.PAUSE, "durationMs"));
        pauseEnds.put(lease.id(), ends);
        Path file = leaseFile(lease.id());
        writeDeadline(file, earliest(lease.expiresAt(), ends));
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "assay-watchdog", file.toString()));
        pids.forEach(p -> command.add(String.valueOf(p)));
        try {
            new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RunnerException("cannot start the pause watchdog; not pausing " + fault.target(), e);
        }
        for (long pid : pids) signal(pid, "STOP");
        awaitStopped(pids);
        return new AppliedFault("pause-" + lease.id() + "-" + join(pids), fault, level, lease);
    }

    @Override
    public void remove(AppliedFault fault) {
        if (fault.fault().type() != FaultType.PAUSE) return;
        for (String pid : fault.id().substring(fault.id().lastIndexOf('-') + 1).split("_")) {
            if (!pid.isEmpty()) signal(Long.parseLong(pid), "CONT");
        }
        pauseEnds.remove(fault.lease().id());
        try {
            Files.deleteIfExists(leaseFile(fault.lease().id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void renew(AppliedFault fault, Lease renewed) {
        Path file = leaseFile(fault.lease().id());
        Instant ends = pauseEnds.get(fault.lease().id());
        if (ends == null || !Files.exists(file)) return;
        writeDeadline(file, earliest(renewed.expiresAt(), ends));
    }

    @Override
    public boolean gone(String target, String leaseId) {
        if (Files.exists(leaseFile(leaseId))) return false;
        for (long pid : resolve(target)) {
            if (stopped(pid)) return false;
        }
        return true;
    }

    @Override
    public void removeLeftover(String target, String leaseId) {
        try {
            Files.deleteIfExists(leaseFile(leaseId)); // its watchdog, if alive, resumes the processes within 50 ms
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (long pid : resolve(target)) {
            if (stopped(pid)) signal(pid, "CONT");
        }
    }

    /** The PIDs a target names: {@code pid:N}, {@code cmd:regex}, or a service mapped to one of those. */
    List<Long> resolve(String target) {
        String t = targets.getOrDefault(target, target);
        if (t.startsWith("pid:")) {
            long pid = Long.parseLong(t.substring(4).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> List.of(pid)).orElse(List.of());
        }
        if (t.startsWith("cmd:")) {
            Pattern p = Pattern.compile(t.substring(4));
            long self = ProcessHandle.current().pid();
            return ProcessHandle.allProcesses().filter(h -> h.pid() != self)
                    .filter(h -> commandLine(h.pid()).map(c -> p.matcher(c).find()).orElse(false))
                    .map(ProcessHandle::pid).toList();
        }
        throw new RunnerException("process target " + target + " is neither pid:N nor cmd:regex, and no service of that name is mapped");
    }

    /** The full command line from /proc (ProcessHandle.Info truncates long ones). */
    private static java.util.Optional<String> commandLine(long pid) {
        try {
            return java.util.Optional.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ').trim());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * SIGSTOP is asynchronous: {@code kill} returns before the target's threads are scheduled into the stopped
     * state. A pause counts as applied only once every process is seen stopped (or has gone).
     */
    private static void awaitStopped(List<Long> pids) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (long pid : pids) {
            while (!stopped(pid) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new RunnerException("process " + pid + " did not stop within " + STOP_WAIT.toMillis()
                            + " ms of SIGSTOP; its watchdog resumes it at the lease's end");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException e) {
            return false; // no such process
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new RunnerException("cannot send SIG" + signal + " to " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnerException("interrupted sending SIG" + signal + " to " + pid, e);
        }
    }

    private Path leaseFile(String leaseId) {
        return leaseDir.resolve(leaseId.replaceAll("[^A-Za-z0-9._-]", "_") + ".lease");
    }

    private static void writeDeadline(Path file, Instant deadline) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, String.valueOf(deadline.toEpochMilli()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lease file " + file, e);
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String join(List<Long> pids) {
        return String.join("_", pids.stream().map(String::valueOf).toList());
    }
}
