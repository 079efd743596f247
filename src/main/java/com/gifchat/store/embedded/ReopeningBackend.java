package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The embedded file store, served by a {@link CommittingH2Backend} that is replaced when H2 closes its store. H2 closes
 * a store for good when a commit fails, and would answer every later command "This store is closed" until a restart;
 * every write acknowledged as journaled is in the file, so this opens the file anew and carries on, with one ERROR in
 * the log.
 * <p>
 * A command that failed because the store broke, and a write answered by a broken store, are answered "node is
 * recovering" (the driver's MongoNodeIsRecoveringException, which the app answers as unavailable): a write that was not
 * journaled may not be in the file. Commands that arrive while the file is being opened wait for it. What a broken
 * store held beyond its file is what a crash loses: writes that did not ask for the journal, of the last second.
 */
final class ReopeningBackend implements MongoBackend {

    private static final Logger log = LoggerFactory.getLogger(ReopeningBackend.class);

    /** MongoDB's NotPrimaryOrSecondary, which the driver reads as "node is recovering": try again shortly. */
    private static final int RECOVERING = 13436;
    private static final String RECOVERING_NAME = "NotPrimaryOrSecondary";
    private static final String RECOVERING_TEXT =
        "node is recovering: the embedded database's store failed and is being reopened from its file; try again";
    /** A store that keeps breaking (a full disk, say) is reopened at most this often, and logged as often. */
    private static final Duration REOPEN_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final String fileName;
    /** Commands share it; a reopen takes it alone, once the commands on the broken store have ended. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile CommittingH2Backend current;
    private volatile int reopenings;
    private long lastAttempt = System.nanoTime() - REOPEN_AT_MOST_EVERY.toNanos();
    private boolean closed;

    ReopeningBackend(String fileName) {
        this.fileName = fileName;
        this.current = new CommittingH2Backend(fileName);
    }

    /** How many times the store was reopened. */
    int reopenings() {
        return reopenings;
    }

    /** The backend serving now; for tests that break it. */
    CommittingH2Backend current() {
        return current;
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        String command = message.getDocument().keySet().iterator().next();
        return serve(command, backend -> backend.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return serve(command, backend -> backend.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        CommittingH2Backend used = null;
        lock.readLock().lock();
        try {
            used = current;
            return used.handleQuery(query);
        } catch (RuntimeException e) {
            if (!used.isBroken()) {
                throw e;
            }
        } finally {
            lock.readLock().unlock();
        }
        reopen(used);
        throw new MongoServerError(RECOVERING, RECOVERING_NAME, RECOVERING_TEXT);
    }

    /**
     * Runs a command on the current store. When the store turns out broken, reopens it; the command is answered
     * "recovering" if it failed, or if it was a write.
     */
    private Document serve(String command, Function<CommittingH2Backend, Document> handler) {
        CommittingH2Backend used = null;
        Document answer;
        lock.readLock().lock();
        try {
            used = current;
            answer = handler.apply(used);
            if (!used.isBroken()) {
                return answer;
            }
            if (CommittingH2Backend.isWrite(command)) {
                answer = recovering();
            }
        } catch (RuntimeException e) {
            if (!used.isBroken()) {
                throw e;
            }
            answer = recovering();
        } finally {
            lock.readLock().unlock();
        }
        reopen(used);
        return answer;
    }

    private static Document recovering() {
        Document error = new Document();
        error.put("ok", 0);
        error.put("errmsg", RECOVERING_TEXT);
        error.put("code", RECOVERING);
        error.put("codeName", RECOVERING_NAME);
        return error;
    }

    /** Opens the file anew in place of {@code broken}, unless another command has done so already. */
    private void reopen(CommittingH2Backend broken) {
        lock.writeLock().lock();
        try {
            long now = System.nanoTime();
            if (closed || current != broken || now - lastAttempt < REOPEN_AT_MOST_EVERY.toNanos()) {
                return;
            }
            lastAttempt = now;
            Throwable cause = broken.failure();
            broken.abandon();
            current = new CommittingH2Backend(fileName);
            reopenings++;
            log.error("H2 closed the embedded database's store ({}); reopened it from {}, which holds every acknowledged "
                + "write; the commands that met the closed store were answered 'recovering'",
                cause == null ? "closed without a failure recorded" : cause.getMessage(), fileName, cause);
        } catch (RuntimeException e) {
            log.error("H2 closed the embedded database's store, and it could not be reopened from {} ({}); commands are "
                + "answered 'recovering' until it can be, tried again at most every {} s", fileName, e.getMessage(),
                REOPEN_AT_MOST_EVERY.toSeconds(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            if (current.isBroken()) {
                current.abandon();
            } else {
                current.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void handleClose(Channel channel) {
        read(backend -> {
            backend.handleClose(channel);
            return null;
        });
    }

    @Override
    public void dropDatabase(String database) {
        read(backend -> {
            backend.dropDatabase(database);
            return null;
        });
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return read(backend -> backend.getCurrentOperations(query));
    }

    @Override
    public Document getServerStatus() {
        return read(CommittingH2Backend::getServerStatus);
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        read(backend -> {
            backend.closeCursors(cursorIds);
            return null;
        });
    }

    @Override
    public Clock getClock() {
        return current.getClock();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return read(backend -> backend.resolveDatabase(database));
    }

    /** The embedded store runs without an oplog, and a reopened store would not have it. */
    @Override
    public void enableOplog() {
        throw new UnsupportedOperationException("the embedded store keeps no oplog");
    }

    @Override
    public void disableOplog() {
        // it never has one
    }

    /** A reopened store would not keep it; the embedded store answers as the stock version. */
    @Override
    public MongoBackend version(MongoVersion version) {
        throw new UnsupportedOperationException("the embedded store answers as its stock version");
    }

    private <T> T read(Function<CommittingH2Backend, T> use) {
        lock.readLock().lock();
        try {
            return use.apply(current);
        } finally {
            lock.readLock().unlock();
        }
    }
}
