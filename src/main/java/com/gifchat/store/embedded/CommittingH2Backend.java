package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store's H2 backend, on one data file.
 * <ul>
 * <li>A write that asks for the journal ({@code j: true}) is committed to the file before its reply leaves the server,
 * as MongoDB acknowledges such a write only once it is journaled; other writes reach the file with H2's own background
 * commit, within about a second.</li>
 * <li>The file is forced to disk every second, so that H2 may reuse the space of dead chunks after seconds instead of
 * its default 45 s.</li>
 * <li>Its collections store documents as BSON ({@link DocumentValues}), never change a stored document, and keep
 * shared field names ({@link EmbeddedCollection}); its unique indexes order their keys with {@link KeyOrder}, which
 * keeps the stock order and file format at a fraction of the cost.</li>
 * <li>H2 closes the store for good when a commit fails: {@link #isBroken()} tells, and {@link ReopeningBackend} then
 * opens the file anew.</li>
 * </ul>
 */
final class CommittingH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(CommittingH2Backend.class);

    private static final Set<String> WRITE_COMMANDS = Set.of(
        "insert", "update", "delete", "findandmodify", "createindexes", "drop", "dropdatabase");
    static final String SYNC_THREAD = "gifchat-store-sync";
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);
    /**
     * H2 writes a chunk per commit and overwrites a dead chunk's space once the chunk is older than this. By then the
     * chunks written after it must be on disk, or a power cut could leave a file whose newest complete version was
     * overwritten. H2's default (45 s) trusts the operating system to have flushed by then; forcing the file every
     * second lets it be a few seconds, which keeps thousands fewer chunks, and their bookkeeping, on the heap.
     */
    private static final Duration RETENTION = SYNC_INTERVAL.multipliedBy(3);

    private final ScheduledExecutorService syncs = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, SYNC_THREAD);
        thread.setDaemon(true);
        return thread;
    });

    CommittingH2Backend(String fileName) {
        super(open(fileName));
        getMvStore().setRetentionTime((int) RETENTION.toMillis());
        long interval = SYNC_INTERVAL.toMillis();
        syncs.scheduleWithFixedDelay(this::sync, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * As the stock backend opens its file. A failure in H2's background work closes the store, which the next command
     * finds ({@link #isBroken()}); without a handler, H2's background thread would also print it and die.
     */
    private static MVStore open(String fileName) {
        log.info("opening the data file {}", fileName);
        return new MVStore.Builder().fileName(fileName)
            .backgroundExceptionHandler((thread, failure) -> log.debug("H2's background work failed", failure))
            .open();
    }

    private void sync() {
        long start = System.nanoTime();
        try {
            getMvStore().sync();
        } catch (RuntimeException e) {
            // a scheduled task that throws never runs again: say so and keep syncing; a broken store is reopened and
            // reported as such
            if (!isBroken()) {
                log.error("could not force the data file to disk ({}): acknowledged writes may wait for the next try; check the disk "
                    + "under data.dir (space, permissions, I/O errors)", e.getMessage());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (took.compareTo(SYNC_INTERVAL) > 0) {
            log.warn("forcing the data file to disk took {} ms, more than the {} ms between syncs: the disk is slow",
                took.toMillis(), SYNC_INTERVAL.toMillis());
        }
    }

    /** Stops the syncs, then closes the store, which writes and forces the file a last time. */
    @Override
    public void close() {
        stopSyncs();
        super.close();
    }

    /** Whether H2 has closed the store, or failed in a way that closes it (a panic): it answers nothing any more. */
    boolean isBroken() {
        MVStore store = getMvStore();
        return store.getPanicException() != null || store.isClosed();
    }

    /** Why the store broke, when H2 kept the failure. */
    Throwable failure() {
        return getMvStore().getPanicException();
    }

    /** Stops the syncs and closes a broken store without writing: what it holds beyond its file is suspect. */
    void abandon() {
        stopSyncs();
        getMvStore().closeImmediately();
    }

    private void stopSyncs() {
        syncs.shutdown();
        try {
            syncs.awaitTermination(SYNC_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document response = super.handleCommand(channel, database, command, query);
        if (isWrite(command) && asksForJournal(query)) {
            commit();
        }
        return response;
    }

    static boolean isWrite(String command) {
        return WRITE_COMMANDS.contains(command.toLowerCase());
    }

    private static boolean asksForJournal(Document command) {
        return command.get("writeConcern") instanceof Document writeConcern && Boolean.TRUE.equals(writeConcern.get("j"));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An inner class on purpose: H2Database opens its indexes from its own constructor, before fields of a subclass
     * exist, and an inner class reaches its backend's store even then.
     */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the stock backend's map names, so that existing data files keep their collections
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> documents = getMvStore().openMap("databases." + fullName,
                new MVMap.Builder<Object, Document>().valueType(new DocumentValues()));
            MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
            return new EmbeddedCollection(this, collectionName, options, documents, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            // the stock backend's map name, so that existing data files keep their indexes
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            MVMap<KeyValue, Object> entries = getMvStore().openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new KeyOrder()));
            return new EmbeddedUniqueIndex(entries, indexName, keys, sparse);
        }
    }
}
