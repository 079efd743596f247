/**
 * The embedded database: what lets gif-chat run with one command and nothing installed. With no
 * {@code mongo.connection_string}, the store starts {@link com.gifchat.store.embedded.EmbeddedMongo}, an in-process
 * MongoDB-wire server on loopback, and talks to it through the ordinary MongoDB driver, exactly as it would to a real
 * MongoDB; {@link com.gifchat.store.embedded.DatabaseVerticle} runs the same server alone (database mode), so that
 * several local nodes can share one. Nothing outside this package knows it is not a real MongoDB.
 * <p>
 * <b>What it is built on.</b> mongo-java-server 1.47.0 with its H2 backend on H2 2.3.232 (MVStore), one file under
 * {@code data.dir}. Most classes here subclass or replace internals of those two, not their public API:
 * {@code CommittingH2Backend} (commits journaled writes before replying, forces the file every second),
 * {@code ReopeningBackend} (reopens the file when H2 closes its store), {@code EmbeddedCollection} and
 * {@code EmbeddedUniqueIndex} (copy-on-write documents, keys ordered by {@code KeyOrder} and {@code TextKey}),
 * {@code DocumentValues} and {@code FieldNames} (documents as BSON, shared field names). They are pinned to those
 * versions: upgrading either means reading what changed in the classes overridden and running this package's tests,
 * which check the file format and key order as well as behaviour.
 * <p>
 * <b>What it costs.</b> The database shares the app's process, heap and cores: a commit to the file per journaled
 * write (a group of messages), the documents of cached pages on the app's heap, and H2's background writer. One
 * process opens a file; a cluster uses database mode or a real MongoDB. A file written here opens only with these
 * classes, not with the stock H2 backend. It is a subset of MongoDB: one node, no replica set, no transactions, only
 * the commands and queries mongo-java-server implements. A deployment that outgrows it sets {@code MONGO_URI}.
 */
package com.gifchat.store.embedded;
