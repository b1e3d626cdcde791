package dev.assay.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what one class logs (System.Logger goes to java.util.logging here), with levels, for assertions. */
final class LogCapture implements AutoCloseable {
    record Line(Level level, String message) {
    }

    private final Logger logger;
    private final Level previous;
    final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(new Line(r.getLevel(), r.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture(Class<?> type) {
        logger = Logger.getLogger(type.getName());
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
