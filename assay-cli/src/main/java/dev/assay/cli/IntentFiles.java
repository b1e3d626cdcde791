package dev.assay.cli;

import dev.assay.format.IntentFormat;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the intents an {@code --intents DIR|FILE} flag names, checked against the topology. */
final class IntentFiles {
    private IntentFiles() {
    }

    /**
     * Every intent in {@code path} (a file, or a directory searched recursively), in file-name order; checked
     * against {@code topology} when given (not for drift, where intents may name what no longer exists).
     */
    static List<Intent> read(Path path, Optional<Topology> topology) {
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such file or directory (--intents)");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).filter(ValidateCommand::isIntent).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            files.add(path);
        }
        List<Intent> out = new ArrayList<>();
        for (Path f : files) out.addAll(IntentFormat.read(f, topology));
        return out;
    }

    /** As {@link #read}, but an empty result is an input error. */
    static List<Intent> readAtLeastOne(Path path, Topology topology) {
        List<Intent> out = read(path, Optional.of(topology));
        if (out.isEmpty()) throw new InvalidInputException(path + ": no intents found (*.intent.yaml|yml|json)");
        return out;
    }
}
