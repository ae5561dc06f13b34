package dev.crumb.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one class logs (through {@code System.Logger}, which goes to java.util.logging by
 * default) instead of printing it, so a test can check that an error was logged.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final boolean parentHandlers;
    private final List<LogRecord> records = new ArrayList<>();

    private CapturedLog(Logger logger) {
        this.logger = logger;
        this.parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(this);
        logger.setUseParentHandlers(false);
    }

    static CapturedLog of(Class<?> source) {
        return new CapturedLog(Logger.getLogger(source.getName()));
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parentHandlers);
    }
}
